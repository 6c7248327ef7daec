/** Viewer texts; the library area spreads them into its own messages (keys prefixed `library.viewer.`). */
export const viewerMessages = {
  en: {
    'library.viewer.loading': 'Loading preview…',
    'library.viewer.tooLarge':
      'This file is too large to draw fully ({count} moves). Its numbers are shown instead.',
    'library.viewer.tooLargeMesh':
      'This model is too large to draw fully ({count} triangles). Its numbers are shown instead.',
    'library.viewer.reducedDetail':
      'Drawn with less detail: {count} moves shown as {drawn} lines (short moves merged). Every layer is there.',
    'library.viewer.layers': 'Layers',
    'library.viewer.layersFrom': 'First layer shown',
    'library.viewer.layerOf': 'Layer {from}–{to} of {total}',
    'library.viewer.inLayer': 'Within the top layer',
    'library.viewer.travel': 'Show travel moves',
    'library.viewer.colorBy': 'Colour by',
    'library.viewer.color.feature': 'Feature (slicer)',
    'library.viewer.color.kind': 'Move type',
    'library.viewer.color.speed': 'Speed',
    'library.viewer.color.tool': 'Tool',
    'library.viewer.view.top': 'Top',
    'library.viewer.view.front': 'Front',
    'library.viewer.view.iso': '3D',
    'library.viewer.fits': 'Fits {machine}.',
    'library.viewer.tooBig': 'Does not fit {machine}: {axis} is {size} mm, the work area is {limit} mm.',
    'library.viewer.offBed': 'Runs off the bed of {machine} along {axis} (work area 0–{limit} mm).',
    'library.viewer.machine': 'Machine',
    'library.viewer.nothing': 'Nothing to draw in this file.',
  },
  es: {
    'library.viewer.loading': 'Cargando vista previa…',
    'library.viewer.tooLarge':
      'Este archivo es demasiado grande para dibujarlo completo ({count} movimientos). Se muestran sus datos.',
    'library.viewer.tooLargeMesh':
      'Este modelo es demasiado grande para dibujarlo completo ({count} triángulos). Se muestran sus datos.',
    'library.viewer.reducedDetail':
      'Dibujado con menos detalle: {count} movimientos en {drawn} líneas (movimientos cortos unidos). Están todas las capas.',
    'library.viewer.layers': 'Capas',
    'library.viewer.layersFrom': 'Primera capa visible',
    'library.viewer.layerOf': 'Capa {from}–{to} de {total}',
    'library.viewer.inLayer': 'Dentro de la capa superior',
    'library.viewer.travel': 'Mostrar desplazamientos',
    'library.viewer.colorBy': 'Colorear por',
    'library.viewer.color.feature': 'Tipo de característica (laminador)',
    'library.viewer.color.kind': 'Tipo de movimiento',
    'library.viewer.color.speed': 'Velocidad',
    'library.viewer.color.tool': 'Herramienta',
    'library.viewer.view.top': 'Arriba',
    'library.viewer.view.front': 'Frente',
    'library.viewer.view.iso': '3D',
    'library.viewer.fits': 'Cabe en {machine}.',
    'library.viewer.tooBig': 'No cabe en {machine}: {axis} mide {size} mm y el área de trabajo {limit} mm.',
    'library.viewer.offBed': 'Se sale de la cama de {machine} en {axis} (área de trabajo 0–{limit} mm).',
    'library.viewer.machine': 'Máquina',
    'library.viewer.nothing': 'No hay nada que dibujar en este archivo.',
  },
} as const;

export type ViewerMessageKey = keyof (typeof viewerMessages)['en'];
/** A translator: key plus named values → the sentence in the person's language. */
export type ViewerT = (key: ViewerMessageKey, values?: Record<string, string | number>) => string;

/** English fallback for tests and for use before the app's i18n is wired. */
export const englishViewerT: ViewerT = (key, values) =>
  viewerMessages.en[key].replace(/\{(\w+)\}/g, (_, name: string) => String(values?.[name] ?? `{${name}}`));
