import { SPOT_TAINT } from '../core/taint';
import { SpotFleetModel } from '../model/types';

/** A pod toleration, in Kubernetes spelling. */
export interface FleetToleration {
  /** The taint key. */
  readonly key: string;
  /** `Equal` or `Exists`. */
  readonly operator: string;
  /**
   * The taint value, with `Equal`.
   * @default - none
   */
  readonly value?: string;
  /** The taint effect. */
  readonly effect: string;
}

/** What a job needs to run on a spot fleet (the README's "Spot fleets" shows a Job and a PyTorchJob using it). */
export interface FleetJobSettings {
  /**
   * Tolerations for the job's pod templates: the spot taint, which a job must tolerate itself (only pods of
   * interruptible tiers may: the platform's admission policies refuse the others), and the fleet's other taints
   * (on Kueue the flavor adds those too; on Volcano pods need them all).
   */
  readonly tolerations: FleetToleration[];
  /** Node labels selecting the fleet's nodes (on Kueue the flavor sets them; on Volcano pods need them). */
  readonly nodeSelector: { [key: string]: string };
  /**
   * Annotations for the pod templates: `cluster-autoscaler.kubernetes.io/safe-to-evict: "false"`, so that scaling
   * down never evicts a training pod (the cluster autoscaler on EKS and GKE's honour it). Interruptions by the cloud
   * still happen; that is what the checkpoint is for.
   */
  readonly podAnnotations: { [key: string]: string };
  /** The pods' `terminationGracePeriodSeconds`: the time a checkpoint has to finish when the node is reclaimed. */
  readonly terminationGracePeriodSeconds: number;
  /** The checkpoint tier's PersistentVolumeClaim in each namespace of every team with quota on the fleet. */
  readonly checkpointClaimName: string;
  /** Where to mount the claim (`volumeMounts[].mountPath`). */
  readonly checkpointMountPath: string;
  /** The directory checkpoints go to (the value of `CHECKPOINT_DIR`). */
  readonly checkpointDirectory: string;
  /** Environment variables for the training container (checkpoint directory, grace, notice). */
  readonly env: { [name: string]: string };
}

/** Environment variable: the directory the job writes checkpoints to and restarts from. */
export const CHECKPOINT_DIR_ENV = 'CHECKPOINT_DIR';
/** Environment variable: seconds the job has to finish its checkpoint once it is told to stop (SIGTERM). */
export const CHECKPOINT_GRACE_ENV = 'CHECKPOINT_GRACE_SECONDS';
/** Environment variable: seconds between the cloud's interruption notice and the node going away. */
export const INTERRUPTION_NOTICE_ENV = 'SPOT_INTERRUPTION_NOTICE_SECONDS';
/** The cluster autoscaler's pod annotation that keeps it from evicting a pod to scale a node down. */
export const SAFE_TO_EVICT_ANNOTATION = 'cluster-autoscaler.kubernetes.io/safe-to-evict';

/** The job settings of a fleet. */
export function jobSettingsOf(fleet: SpotFleetModel): FleetJobSettings {
  return {
    // The spot taint first: the one toleration a job on Kueue must carry itself.
    tolerations: [SPOT_TAINT, ...fleet.taints.filter((t) => t.key !== SPOT_TAINT.key)].map((t) => (t.value === undefined
      ? { key: t.key, operator: 'Exists', effect: t.effect }
      : { key: t.key, operator: 'Equal', value: t.value, effect: t.effect })),
    nodeSelector: { ...fleet.nodeSelector },
    podAnnotations: { ...fleet.checkpoint.podAnnotations, [SAFE_TO_EVICT_ANNOTATION]: 'false' },
    terminationGracePeriodSeconds: fleet.checkpointGraceSeconds,
    checkpointClaimName: fleet.checkpoint.claimName,
    checkpointMountPath: fleet.checkpoint.mountPath,
    checkpointDirectory: checkpointDirectory(fleet),
    env: {
      [CHECKPOINT_DIR_ENV]: checkpointDirectory(fleet),
      [CHECKPOINT_GRACE_ENV]: String(fleet.checkpointGraceSeconds),
      [INTERRUPTION_NOTICE_ENV]: String(fleet.interruption.noticeSeconds),
    },
  };
}

function checkpointDirectory(fleet: SpotFleetModel): string {
  return `${fleet.checkpoint.mountPath.replace(/\/+$/, '')}/${fleet.checkpoint.directory}`;
}
