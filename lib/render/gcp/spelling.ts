/** Label key of a named reservation in `reservation_affinity`. */
export const GKE_RESERVATION_KEY = 'compute.googleapis.com/reservation-name';
