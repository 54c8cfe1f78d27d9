/** GKE limits and spellings checked before apply (provider 6.50 validates some only at plan time). */
export const GKE_LIMITS = {
  maxNodePoolName: 40,
  /** Nodes of a compact placement policy (GKE documents 150 for A2/A3/G2 and others). */
  maxCompactNodes: 150,
};

/** Label key of a named reservation in `reservation_affinity`. */
export const GKE_RESERVATION_KEY = 'compute.googleapis.com/reservation-name';
