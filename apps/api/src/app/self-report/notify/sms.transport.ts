import type { AppConfig } from '../../config/app-config';

/** Sends one text message. Implementations throw when the provider refuses it, so jobs can retry. */
export interface SmsTransport {
  readonly name: string;
  send(to: string, body: string): Promise<void>;
}

/** Injection token of the configured {@link SmsTransport} (null when `SMS_PROVIDER=none`). */
export const SMS_TRANSPORT = Symbol('SMS_TRANSPORT');

/**
 * Twilio's Programmable Messaging REST API (`POST /2010-04-01/Accounts/{sid}/Messages.json`, form
 * encoded, basic auth with the account SID and auth token). The error names the HTTP status only:
 * provider answers can echo the number and the text.
 */
export class TwilioSmsTransport implements SmsTransport {
  readonly name = 'twilio';

  constructor(private readonly options: { accountSid: string; authToken: string; from: string; apiBase: string }) {}

  async send(to: string, body: string): Promise<void> {
    const { accountSid, authToken, from, apiBase } = this.options;
    const form = new URLSearchParams({ To: to, Body: body });
    form.set(from.startsWith('MG') ? 'MessagingServiceSid' : 'From', from);
    const response = await fetch(`${apiBase}/2010-04-01/Accounts/${encodeURIComponent(accountSid)}/Messages.json`, {
      method: 'POST',
      headers: {
        Authorization: `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString('base64')}`,
        'Content-Type': 'application/x-www-form-urlencoded',
      },
      body: form.toString(),
      signal: AbortSignal.timeout(10_000),
    });
    if (!response.ok) throw new Error(`SMS provider answered HTTP ${response.status}`);
  }
}

/** The transport `SMS_PROVIDER` selects, or null when SMS is off. */
export function smsTransportFrom(config: AppConfig): SmsTransport | null {
  switch (config.SMS_PROVIDER) {
    case 'none':
      return null;
    case 'twilio':
      return new TwilioSmsTransport({
        accountSid: config.TWILIO_ACCOUNT_SID ?? '',
        authToken: config.TWILIO_AUTH_TOKEN ?? '',
        from: config.TWILIO_FROM ?? '',
        apiBase: config.TWILIO_API_BASE,
      });
  }
}
