import { IConstruct } from 'constructs';
import { ErrorCode, ValidationError } from '../core/errors';
import { BackendContext, SchedulerBackend } from '../model/seams';
import { KueueOptions, Scheduler, SchedulerKind, VolcanoOptions } from '../scheduling/scheduler';
import { KueueBackend } from './k8s/kueue-backend';
import { VolcanoBackend } from './k8s/volcano-backend';

/**
 * The backend of a scheduler: its own, for schedulers defined outside the library, else the library's backend for
 * its kind. This is where a new backend is added (e.g. KAI); nothing else changes.
 */
export function schedulerBackendFor(scheduler: Scheduler, context: BackendContext, scope: IConstruct): SchedulerBackend {
  if (!(scheduler instanceof Scheduler)) {
    throw new ValidationError(ErrorCode.SCHEDULER_OPTION_INVALID, {
      message: '`scheduler` is not a Scheduler.',
      received: scheduler === null ? 'null' : typeof scheduler,
      fix: 'Use Scheduler.kueue({...}) or Scheduler.volcano({...}).',
    }, scope);
  }
  if (scheduler._backend) return scheduler._backend(context);
  switch (scheduler.kind) {
    case SchedulerKind.KUEUE: return new KueueBackend(context, scheduler._options as KueueOptions, scope);
    case SchedulerKind.VOLCANO: return new VolcanoBackend(context, scheduler._options as VolcanoOptions, scope);
    default: throw new ValidationError(ErrorCode.SCHEDULER_OPTION_INVALID, {
      message: `No backend for scheduler kind ${scheduler.kind}.`,
      received: scheduler.kind,
      allowed: Object.values(SchedulerKind).join(', '),
      fix: 'Use Scheduler.kueue() or Scheduler.volcano().',
    }, scope);
  }
}
