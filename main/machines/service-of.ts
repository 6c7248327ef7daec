import type { HostContext } from '../kernel/context.js';
import type { MachineService } from './service.js';

/** The one MachineService of each host (machineHandlers makes it), so other areas reach it without handlers.ts. */
const services = new WeakMap<HostContext, MachineService>();

export function setMachineService(ctx: HostContext, service: MachineService): void {
  services.set(ctx, service);
}

/** The machines service of a host, for other areas (the jobs area starts jobs through `startJob`). */
export function machineServiceOf(ctx: HostContext): MachineService | undefined {
  return services.get(ctx);
}
