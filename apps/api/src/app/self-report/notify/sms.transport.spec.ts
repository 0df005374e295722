import { createServer, type IncomingMessage, type Server } from 'node:http';
import { loadConfig } from '../../config/app-config';
import { smsTransportFrom, TwilioSmsTransport } from './sms.transport';

/** The Twilio transport against a local HTTP server standing in for api.twilio.com. */
describe('TwilioSmsTransport', () => {
  const SID = `AC${'a1'.repeat(16)}`;
  let server: Server;
  let base: string;
  let status = 201;
  const received: Array<{ method: string; url: string; auth: string; type: string; body: URLSearchParams }> = [];

  beforeAll(async () => {
    server = createServer((req: IncomingMessage, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      req.on('end', () => {
        received.push({
          method: req.method ?? '',
          url: req.url ?? '',
          auth: req.headers.authorization ?? '',
          type: req.headers['content-type'] ?? '',
          body: new URLSearchParams(body),
        });
        res.writeHead(status, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ sid: 'SM1', to: '+12125550123', body: 'echo of the text' }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  beforeEach(() => {
    received.length = 0;
    status = 201;
  });

  it('posts the message form-encoded with basic auth to the account Messages resource', async () => {
    const sms = new TwilioSmsTransport({
      accountSid: SID,
      authToken: 'secret-token',
      from: '+15005550006',
      apiBase: base,
    });
    await sms.send('+12125550123', 'Clinic: please answer https://huddle.test/r#abc');
    expect(received).toHaveLength(1);
    const [call] = received;
    expect(call?.method).toBe('POST');
    expect(call?.url).toBe(`/2010-04-01/Accounts/${SID}/Messages.json`);
    expect(call?.auth).toBe(`Basic ${Buffer.from(`${SID}:secret-token`).toString('base64')}`);
    expect(call?.type).toBe('application/x-www-form-urlencoded');
    expect(Object.fromEntries(call?.body ?? [])).toEqual({
      To: '+12125550123',
      From: '+15005550006',
      Body: 'Clinic: please answer https://huddle.test/r#abc',
    });
  });

  it('sends from a Messaging Service when TWILIO_FROM is an MG SID', async () => {
    const from = `MG${'b2'.repeat(16)}`;
    await new TwilioSmsTransport({ accountSid: SID, authToken: 't', from, apiBase: base }).send('+12125550123', 'x');
    expect(received[0]?.body.get('MessagingServiceSid')).toBe(from);
    expect(received[0]?.body.has('From')).toBe(false);
  });

  it('throws naming the HTTP status only (the provider answer may echo the number and text)', async () => {
    status = 400;
    const sms = new TwilioSmsTransport({ accountSid: SID, authToken: 't', from: '+15005550006', apiBase: base });
    const error = await sms.send('+12125550123', 'private text').catch((e: Error) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toBe('SMS provider answered HTTP 400');
  });

  it('is off by default and configured by the environment', () => {
    expect(smsTransportFrom(loadConfig({}))).toBeNull();
    const sms = smsTransportFrom(
      loadConfig({
        SMS_PROVIDER: 'twilio',
        TWILIO_ACCOUNT_SID: SID,
        TWILIO_AUTH_TOKEN: 't',
        TWILIO_FROM: '+15005550006',
      }),
    );
    expect(sms?.name).toBe('twilio');
    expect(() => loadConfig({ SMS_PROVIDER: 'twilio' })).toThrow(/TWILIO_ACCOUNT_SID/);
    expect(() => loadConfig({ SMTP_URL: 'http://x' })).toThrow(/SMTP_URL/);
    expect(() => loadConfig({ SMTP_URL: 'smtp://user:pw@x', TWILIO_FROM: 'nope' })).toThrow(/TWILIO_FROM/);
  });
});
