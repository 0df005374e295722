import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { Client, type Notification } from 'pg';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';

/** Channels filled by the triggers of migration 1764000006000-registry-changes. */
const REGISTRY_CHANNEL = 'huddle_registry';
const SESSION_CHANNEL = 'huddle_session';
/**
 * The URL of the LISTEN connection: the API's own, or `DATABASE_DIRECT_URL` when the API's goes through a
 * transaction-mode pooler (a LISTEN needs a session of its own; issue #13 item 6).
 */
export const LISTEN_DATABASE_URL = Symbol('LISTEN_DATABASE_URL');
/** Payload meaning "everything changed" (bulk loads). */
const EVERYTHING = '*';
/** Scope part of a payload meaning "nothing a caseload or agenda shows" (migration 1764000032000). */
const CLINIC_ONLY = '.';
const RECONNECT_MS = 1_000;
/** How long a write waits for its own notifications before invalidating its whole clinic instead. */
const SETTLE_TIMEOUT_MS = 2_000;
/** Per staff member, how many of their latest changes keep the patient they named (older ones: unknown). */
const CHANGES_KEPT = 256;

/**
 * What a cached read depends on: `undefined`, anything of its clinic (clinic-wide aggregates);
 * `'clinic'`, only clinic-wide data (the clinic row, staff); `{ staffId }`, clinic-wide data and the
 * caseload (care manager) or agenda (consultant) of that staff member.
 */
export type ChangeScope = 'clinic' | { readonly staffId: string };

/** The changes of one staff member's caseload or agenda. */
interface StaffChanges {
  /** How many there have been. */
  count: number;
  /** The patient each of the latest changes named (null: not named), the last one being change `count`. */
  readonly recent: Array<string | null>;
}

/**
 * Where one staff member's caseload or agenda stands ({@link RegistryChanges.staffVersion}): `base` names
 * everything that invalidates it whole (epoch, clinic-wide changes), `count` its own changes.
 */
export interface StaffVersion {
  readonly base: string;
  readonly count: number;
}

interface ClinicVersions {
  /** Clinic-wide changes (clinic, staff, unscoped notifications). */
  base: number;
  /** Every change of the clinic, scoped or not. */
  any: number;
  /** Per staff member: changes of their caseload or agenda. */
  readonly staff: Map<string, StaffChanges>;
  /** Own writes of this process whose notifications have not arrived yet. */
  settling: number;
  /** Moves when a settle starts or ends: what was computed meanwhile is not served afterwards. */
  settleGeneration: number;
}

/**
 * Follows what changes in the registry, so read caches know when to stop trusting what they hold
 * (docs/adr/0005-read-caches.md).
 *
 * One dedicated connection LISTENs to `huddle_registry` (a clinic's data changed, sent by triggers on
 * commit, whichever API instance or tool wrote) and `huddle_session` (a session was ended). Each
 * clinic has versions — clinic-wide, per staff member (their caseload or agenda) and "anything" — and
 * a cache entry is valid while the version of what it depends on ({@link ChangeScope}) is current, so
 * a write in one caseload leaves the other caseloads' cached pages in place (migration 1764000032000).
 * A write of this process answers only once its own notifications have been applied
 * ({@link settle}, through `RegistryCacheListener`), so a user always reads their own writes.
 *
 * While the connection is down nothing can be trusted: {@link versionOf} answers null (callers compute
 * afresh) and everything known is forgotten on reconnect, since notifications may have been missed.
 */
@Injectable()
export class RegistryChanges implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(RegistryChanges.name);
  private client: Client | null = null;
  private live = false;
  private stopped = false;
  private reconnectTimer: NodeJS.Timeout | null = null;
  /** Bumped on every (re)connect and on "everything changed": invalidates every clinic at once. */
  private epoch = 0;
  private readonly clinics = new Map<string, ClinicVersions>();
  private readonly sessionListeners = new Set<(sessionId: string) => void>();
  private readonly resetListeners = new Set<() => void>();

  constructor(
    @Inject(LISTEN_DATABASE_URL) private readonly listenUrl: string,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onModuleInit(): Promise<void> {
    // Followed for the read caches and for sessions (SessionService trusts a confirmed session for
    // SESSION_RECHECK_SECONDS because an ended one is announced here): with the read cache off, a
    // session is still not re-read and written back on every request.
    if (!this.config.READ_CACHE_ENABLED && this.config.SESSION_RECHECK_SECONDS === 0) return;
    await this.connect();
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    this.live = false;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    await this.client?.end().catch(() => undefined);
    this.client = null;
  }

  /** True while changes are followed (what an instance knows of sessions may be trusted). */
  get following(): boolean {
    return this.live;
  }

  /** True while read caches may serve: they are on (READ_CACHE_ENABLED) and changes are followed. */
  private get caching(): boolean {
    return this.live && this.config.READ_CACHE_ENABLED;
  }

  /**
   * The current version of what a read of `clinicId` depends on (see {@link ChangeScope}), or null when
   * it must not be cached (read caches off, or changes not followed). While a write of this process is
   * settling, one version for all of the clinic that is dropped when the settle ends: concurrent reads
   * still share one computation (made after the write committed), and none of it is served afterwards.
   */
  versionOf(clinicId: string, scope?: ChangeScope): string | null {
    if (!this.caching) return null;
    const clinic = this.clinics.get(clinicId);
    if (!clinic) return `${this.epoch}.0`;
    if (clinic.settling > 0) return `${this.epoch}.~${clinic.settleGeneration}`;
    if (scope === undefined) return `${this.epoch}.${clinic.any}`;
    if (scope === 'clinic') return `${this.epoch}.${clinic.base}`;
    return `${this.epoch}.${clinic.base}.${clinic.staff.get(scope.staffId)?.count ?? 0}`;
  }

  /**
   * Where `staffId`'s caseload or agenda of `clinicId` stands, for a cache that refreshes it row by row
   * ({@link patientsChangedSince}); null when it must not be cached (as {@link versionOf}) or while a write
   * of this process is settling (compute afresh).
   */
  staffVersion(clinicId: string, staffId: string): StaffVersion | null {
    if (!this.caching) return null;
    const clinic = this.clinics.get(clinicId);
    if (!clinic) return { base: `${this.epoch}.0`, count: 0 };
    if (clinic.settling > 0) return null;
    return { base: `${this.epoch}.${clinic.base}`, count: clinic.staff.get(staffId)?.count ?? 0 };
  }

  /**
   * The patients named by `staffId`'s changes after change number `since` (of the same
   * {@link StaffVersion.base}), or null when one of them named no patient or is no longer remembered:
   * then the whole caseload or agenda must be read again.
   */
  patientsChangedSince(clinicId: string, staffId: string, since: number): ReadonlySet<string> | null {
    const changes = this.clinics.get(clinicId)?.staff.get(staffId);
    if (!changes || since > changes.count) return null;
    const missed = changes.count - since;
    if (missed > changes.recent.length) return null;
    const patients = new Set<string>();
    for (let i = changes.recent.length - missed; i < changes.recent.length; i++) {
      const patient = changes.recent[i];
      if (patient === null || patient === undefined) return null;
      patients.add(patient);
    }
    return patients;
  }

  /** A committed change of anything of `clinicId` (or of everything, when null): cached reads of it are stale. */
  changed(clinicId: string | null): void {
    if (clinicId === null) this.bumpAll();
    else this.bump(clinicId, null);
  }

  /**
   * Resolves once every notification of the writes this process has committed so far has been applied,
   * so that a write's own caller reads it at once with only the caseloads and agendas it touched
   * invalidated. Until then reads of `clinicId` are computed afresh (concurrent ones share one computation)
   * and not kept beyond it. How: one round trip on the
   * listening connection. A committing backend signals the listening backends before its `COMMIT`
   * completes (PostgreSQL `AtCommit_Notify`), and a backend sends the notifications it was signalled
   * for before it answers its next command (`ReadyForQuery`), which `pg` emits in order — so when the
   * command completes, the committed writes' notifications have been received. No transaction, no
   * WAL flush. If that fails or takes longer than {@link SETTLE_TIMEOUT_MS}, the whole clinic is
   * invalidated instead.
   */
  async settle(clinicId: string): Promise<void> {
    const client = this.client;
    if (!this.caching || !client) {
      this.bump(clinicId, null);
      return;
    }
    const clinic = this.versions(clinicId);
    clinic.settling++;
    clinic.settleGeneration++;
    let timer: NodeJS.Timeout | undefined;
    try {
      const settled = client.query('SELECT 1').then(() => true);
      const late = new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(false), SETTLE_TIMEOUT_MS);
      });
      if (!(await Promise.race([settled, late]))) this.bump(clinicId, null);
      settled.catch(() => undefined);
    } catch {
      this.bump(clinicId, null);
    } finally {
      clearTimeout(timer);
      clinic.settling--;
      clinic.settleGeneration++;
    }
  }

  /** Calls `listener` with the id of every session ended anywhere (sign-out, revocation, deactivation). */
  onSessionEnded(listener: (sessionId: string) => void): void {
    this.sessionListeners.add(listener);
  }

  /** Calls `listener` whenever everything known must be forgotten (reconnect: notifications may be lost). */
  onReset(listener: () => void): void {
    this.resetListeners.add(listener);
  }

  private versions(clinicId: string): ClinicVersions {
    let clinic = this.clinics.get(clinicId);
    if (!clinic) {
      clinic = { base: 0, any: 0, staff: new Map(), settling: 0, settleGeneration: 0 };
      this.clinics.set(clinicId, clinic);
    }
    return clinic;
  }

  /** Everything known is stale: a new epoch (reconnect, "everything changed"). */
  private bumpAll(): void {
    this.epoch++;
    // Settling writes keep their entries (they count down on them); everything else starts afresh (a new epoch).
    for (const [id, clinic] of this.clinics) {
      if (clinic.settling > 0) {
        clinic.base = clinic.any = 0;
        clinic.staff.clear();
      } else {
        this.clinics.delete(id);
      }
    }
  }

  /**
   * A change of `clinicId`: of one staff member's caseload/agenda (of one patient's rows in it, when
   * `patientId` is given), of nothing they show ('.'), or of anything (null).
   */
  private bump(clinicId: string, scope: string | null, patientId: string | null = null): void {
    const clinic = this.versions(clinicId);
    clinic.any++;
    if (scope === null) clinic.base++;
    else if (scope !== CLINIC_ONLY) {
      let changes = clinic.staff.get(scope);
      if (!changes) {
        changes = { count: 0, recent: [] };
        clinic.staff.set(scope, changes);
      }
      changes.count++;
      changes.recent.push(patientId);
      if (changes.recent.length > CHANGES_KEPT) changes.recent.shift();
    }
  }

  private async connect(): Promise<void> {
    const client = new Client({ connectionString: this.listenUrl, application_name: 'huddle-api-changes' });
    client.on('notification', (message) => this.receive(message));
    client.on('error', (error) => this.disconnected(client, error));
    client.on('end', () => this.disconnected(client));
    try {
      await client.connect();
      await client.query(`LISTEN ${REGISTRY_CHANNEL}`);
      await client.query(`LISTEN ${SESSION_CHANNEL}`);
    } catch (error) {
      this.disconnected(client, error);
      return;
    }
    if (this.stopped) {
      await client.end().catch(() => undefined);
      return;
    }
    this.client = client;
    // Whatever was cached before this connection may have missed notifications.
    this.bumpAll();
    for (const listener of this.resetListeners) listener();
    this.live = true;
  }

  private receive(message: Notification): void {
    const payload = message.payload ?? EVERYTHING;
    if (message.channel === SESSION_CHANNEL) {
      for (const listener of this.sessionListeners) listener(payload);
    } else if (message.channel === REGISTRY_CHANNEL) {
      if (payload === EVERYTHING) return this.bumpAll();
      // `<clinic id>`, `<clinic id> <staff id | .>` (migration 1764000032000) or
      // `<clinic id> <staff id> <patient id>` (migration 1764000040000).
      const [clinicId = payload, scope = null, patientId = null] = payload.split(' ');
      this.bump(clinicId, scope, patientId);
    }
  }

  private disconnected(client: Client, error?: unknown): void {
    if (this.client !== null && this.client !== client) return;
    this.client = null;
    this.live = false;
    void client.end().catch(() => undefined);
    if (this.stopped || this.reconnectTimer) return;
    // Connection problems are operational, never PHI: log the message only.
    this.logger.warn(
      `Change notifications unavailable (${error instanceof Error ? error.message : 'connection ended'}); ` +
        'reads are computed afresh until they are back',
    );
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      void this.connect();
    }, RECONNECT_MS);
  }
}
