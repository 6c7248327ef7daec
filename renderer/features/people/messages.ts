const en = {
  'qualified.title': 'Who is already qualified?',
  'qualified.titleFor': 'Who is already qualified on {machine}?',
  'qualified.intro':
    'Record people trained before this was set up, so they can run the machine without a staff override. Each one gets the authorization, with who qualified them and when on their record.',
  'qualified.training': 'Training',
  'qualified.noTraining':
    'No training unlocks {machine} yet: define one on the Training screen, then record who holds it.',
  'qualified.noRight':
    'Only an instructor with the right to grant {names} can record this. Ask them, or ask an administrator for the right.',
  'qualified.notTeacher': 'Only instructors record who is already qualified.',
  'qualified.people': 'People already qualified',
  'qualified.you': '{name} (you cannot grant yourself)',
  'qualified.by': 'Qualified by (instructor’s name)',
  'qualified.on': 'Qualified on',
  'qualified.note': 'Note (optional)',
  'qualified.record': 'Record {count} as qualified',
  'qualified.recordOff': 'Pick at least one person and say who qualified them to record this.',
  'qualified.recorded': '{count} recorded as qualified on {training}.',
  'qualified.alreadyHeld': 'Already held, left as is: {names}.',
  'qualified.done': 'Done',
};

const es: Record<keyof typeof en, string> = {
  'qualified.title': '¿Quién tiene ya la formación?',
  'qualified.titleFor': '¿Quién tiene ya la formación para {machine}?',
  'qualified.intro':
    'Registra a quienes se formaron antes de configurar esto, para que usen la máquina sin excepción del personal. Cada persona recibe la autorización, con quién la formó y cuándo en su expediente.',
  'qualified.training': 'Formación',
  'qualified.noTraining':
    'Ninguna formación habilita {machine} todavía: defínela en la pantalla de Formación y luego registra quién la tiene.',
  'qualified.noRight':
    'Solo un instructor con derecho a otorgar {names} puede registrarlo. Pídeselo, o pide ese derecho a un administrador.',
  'qualified.notTeacher': 'Solo los instructores registran quién tiene ya la formación.',
  'qualified.people': 'Personas ya formadas',
  'qualified.you': '{name} (no puedes otorgártela a ti)',
  'qualified.by': 'Formado por (nombre del instructor)',
  'qualified.on': 'Fecha de formación',
  'qualified.note': 'Nota (opcional)',
  'qualified.record': 'Registrar {count} como formadas',
  'qualified.recordOff': 'Elige al menos una persona e indica quién la formó para poder registrarlo.',
  'qualified.recorded': '{count} registradas con la formación {training}.',
  'qualified.alreadyHeld': 'Ya la tenían, sin cambios: {names}.',
  'qualified.done': 'Hecho',
};

export const peopleMessages = { en, es };
