/** The central services whose savings earn the levy back (FIN-3). */
export const CENTRAL_SAVING_SERVICES = [
  'accountancy',
  'banking',
  'indemnity-group-deal',
  'buyers-group',
  'locum-pool',
] as const;
/** A central service that saves practices money. */
export type CentralSavingService = (typeof CENTRAL_SAVING_SERVICES)[number];

/** Human-readable names of the services. */
export const CENTRAL_SAVING_SERVICE_LABELS: Readonly<Record<CentralSavingService, string>> = {
  accountancy: 'Accountancy',
  banking: 'Banking',
  'indemnity-group-deal': 'Indemnity (MDO) group deal',
  'buyers-group': 'Buyers group purchasing',
  'locum-pool': 'Internal locum pool',
};

/**
 * The services whose savings central finance records by hand. The internal locum pool's saving
 * is not among them: it is worked out from the rota (sessions the pools filled, at the external
 * locum rate less the pool member's), so there is one source for it.
 */
export const RECORDED_SAVING_SERVICES = CENTRAL_SAVING_SERVICES.filter(
  (service) => service !== 'locum-pool',
);
