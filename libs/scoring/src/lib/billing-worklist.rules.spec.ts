import { notBillableReason } from './billing-worklist.rules';

describe('notBillableReason', () => {
  it.each([
    [
      { minutes: 0, lines: [], hasBillingPractitioner: true },
      'NO_MINUTES',
      'No care-manager minutes in the episode this month',
    ],
    [{ minutes: 1, lines: [], hasBillingPractitioner: true }, 'BELOW_THRESHOLD', '1 minute; G2214 needs 16'],
    [{ minutes: 15, lines: [], hasBillingPractitioner: false }, 'BELOW_THRESHOLD', '15 minutes; G2214 needs 16'],
    [
      { minutes: 40, lines: [{ code: '99493' as const, units: 1 }], hasBillingPractitioner: false },
      'NO_BILLING_PRACTITIONER',
      'No billing practitioner on the episode',
    ],
  ])('%j → %s', (input, code, text) => {
    expect(notBillableReason(input)).toEqual({ code, text });
  });

  it('is null when a code is reached and a practitioner can submit it', () => {
    expect(
      notBillableReason({ minutes: 16, lines: [{ code: 'G2214', units: 1 }], hasBillingPractitioner: true }),
    ).toBeNull();
  });
});
