import { Capacity, CapacityType } from '../../lib/core/capacity';

describe('Capacity', () => {
  test('capacity types are spelled as the karpenter.sh/capacity-type label values', () => {
    // https://karpenter.sh/docs/concepts/scheduling/#well-known-labels: on-demand, spot, reserved
    expect(Object.values(CapacityType).sort()).toEqual(['on-demand', 'reserved', 'spot']);
  });

  test.each<[string, Capacity, CapacityType, boolean]>([
    ['onDemand()', Capacity.onDemand(), CapacityType.ON_DEMAND, false],
    ['spot()', Capacity.spot(), CapacityType.SPOT, true],
    ['reservation()', Capacity.reservation('cr-0123456789abcdef0'), CapacityType.RESERVED, false],
  ])('%s has type %s; interruptible: %s', (_factory, capacity, type, interruptible) => {
    expect(capacity.type).toBe(type);
    expect(capacity.interruptible).toBe(interruptible);
  });

  test('a reservation keeps its id; other capacity has none', () => {
    expect(Capacity.reservation('my-gke-reservation').reservationId).toBe('my-gke-reservation');
    expect(Capacity.spot().reservationId).toBeUndefined();
  });
});
