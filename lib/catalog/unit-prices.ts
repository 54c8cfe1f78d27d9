import { NodeUnit, PriceQuote, UnitPrice } from './types';

/**
 * Splits a node's hourly price over the units it provides, in proportion to the GPU share each unit is.
 * Units with no GPU share (e.g. `nvidia.com/gpu: 0` on a fully partitioned node) are not priced.
 */
export function splitNodePrice(nodePrice: PriceQuote, units: NodeUnit[]): UnitPrice[] {
  const priced = units.filter((u) => u.perNode > 0 && u.gpuShare > 0);
  const totalShare = priced.reduce((sum, u) => sum + u.gpuShare * u.perNode, 0);
  return priced.map((u) => {
    const shareOfNode = u.gpuShare / totalShare;
    return {
      resourceName: u.resourceName,
      ...(u.migProfile !== undefined ? { migProfile: u.migProfile } : {}),
      usdPerHour: nodePrice.usdPerHour * shareOfNode,
      shareOfNode,
      nodePrice,
    };
  });
}
