import { ErrorCode } from './errors';
import { assertString } from './guards';

/** How nodes are bought. Values are Karpenter's `karpenter.sh/capacity-type` spellings. */
export enum CapacityType {
  /** Pay per hour, no interruption. */
  ON_DEMAND = 'on-demand',
  /** Spare capacity at a discount; may be reclaimed by the cloud at short notice. */
  SPOT = 'spot',
  /** Capacity held by a reservation (AWS On-Demand Capacity Reservation, GCP reservation). */
  RESERVED = 'reserved',
}

/**
 * The capacity a pool runs on: on-demand, spot, or a named reservation.
 */
export class Capacity {
  /** On-demand capacity (the default). */
  public static onDemand(): Capacity {
    return new Capacity(CapacityType.ON_DEMAND);
  }

  /** Spot capacity (AWS Spot, GCP Spot VMs): cheaper, interruptible. */
  public static spot(): Capacity {
    return new Capacity(CapacityType.SPOT);
  }

  /**
   * Capacity from a reservation.
   *
   * @param reservation AWS: the On-Demand Capacity Reservation id (`cr-…`), set in the node
   *   launch template's `capacity_reservation_specification`; GCP: the reservation name, set as
   *   `reservation_affinity` `SPECIFIC_RESERVATION` on the node pool.
   */
  public static reservation(reservation: string): Capacity {
    assertString(reservation, {
      code: ErrorCode.CAPACITY_INVALID,
      what: 'The reservation',
      fix: 'Pass the AWS Capacity Reservation id ("cr-…") or the GCP reservation name.',
    });
    return new Capacity(CapacityType.RESERVED, reservation);
  }

  /** The kind of capacity. */
  public readonly type: CapacityType;
  /** The reservation id or name, for {@link CapacityType.RESERVED}. */
  public readonly reservationId?: string;

  private constructor(type: CapacityType, reservationId?: string) {
    this.type = type;
    this.reservationId = reservationId;
  }

  /** Whether workloads on this capacity may be interrupted by the cloud. */
  public get interruptible(): boolean {
    return this.type === CapacityType.SPOT;
  }
}
