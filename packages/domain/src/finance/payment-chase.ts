/** How someone chased an overdue payment (FIN-4). */
export const PAYMENT_CHASE_METHODS = ['email', 'phone', 'letter', 'portal', 'other'] as const;
/** A way of chasing. */
export type PaymentChaseMethod = (typeof PAYMENT_CHASE_METHODS)[number];

/** The ways of chasing, as people name them. */
export const PAYMENT_CHASE_METHOD_LABELS: Readonly<Record<PaymentChaseMethod, string>> = {
  email: 'Email',
  phone: 'Phone call',
  letter: 'Letter',
  portal: 'Online portal',
  other: 'Other',
};
