import { Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import {
  addDays,
  clampFlagThresholds,
  monthBounds,
  monthOf,
  startOfLocalDay,
  toLocalIsoDate,
  type FlagThresholds,
} from '@huddle/scoring';
import type { IsoDate, YearMonth } from '@huddle/shared-types';
import { Clock } from '../auth/clock';
import { ReadCache } from '../database/read-cache';
import { snapshotManager } from '../database/read-snapshot';
import { RegistryChanges } from '../database/registry-changes.service';
import { NotFoundError } from '../common/errors';
import { ClinicSettingsRepository } from './clinic-settings.repository';

interface ClinicSettings {
  timeZone: string;
  thresholds: FlagThresholds;
}

/** A clinic's time zone, flag thresholds and "today", fixed once per request. */
export interface ClinicRules {
  clinicId: string;
  timeZone: string;
  thresholds: FlagThresholds;
  now: Date;
  /** Clinic-local date of `now`. */
  asOf: IsoDate;
  /** Start of the clinic-local day after `asOf` (exclusive bound for "up to today"). */
  dayEnd: Date;
  month: YearMonth;
  /** Start of the clinic-local calendar month of `asOf`. */
  monthStart: Date;
}

/**
 * Loads the clinic settings the flag rules depend on: `clinic.flag_thresholds` over
 * `DEFAULT_FLAG_THRESHOLDS`, each clamped into libs/scoring's `THRESHOLD_BOUNDS` (`clampFlagThresholds`:
 * a stored value out of range cannot make the caseload, agenda, flags or review summary fail; writes
 * refuse such values), and the clinic-local "today" from {@link Clock}.
 */
@Injectable()
export class ClinicRulesService {
  private readonly logger = new Logger(ClinicRulesService.name);
  private readonly settings: ReadCache<ClinicSettings>;

  constructor(
    private readonly clinics: ClinicSettingsRepository,
    private readonly clock: Clock,
    changes: RegistryChanges,
  ) {
    this.settings = new ReadCache(changes);
  }

  /**
   * @param em a transaction to read the settings in; without one, they may come from the read cache.
   * @throws NotFoundError for an unknown clinic.
   */
  async forClinic(clinicId: string, em?: EntityManager): Promise<ClinicRules> {
    const load = async (tx?: EntityManager): Promise<ClinicSettings> => {
      const clinic = await this.clinics.find(clinicId, tx);
      if (!clinic) throw new NotFoundError('Clinic', clinicId);
      const { thresholds, adjusted } = clampFlagThresholds(clinic.flagThresholds);
      if (adjusted.length > 0) {
        this.logger.warn(`Clinic ${clinicId}: stored thresholds out of bounds, clamped: ${adjusted.join(', ')}`);
      }
      // Frozen: libs/scoring remembers the checked merge of a frozen thresholds object, so the flags of a
      // caseload or agenda merge and check the clinic's thresholds once, not once per episode (issue #13).
      return { timeZone: clinic.timezone, thresholds: Object.freeze(thresholds) };
    };
    // Inside a read snapshot (the patient page) the settings are read on the snapshot's connection, not
    // from the cache: a page holding its connection must not wait for a second one (with the cache off or
    // on a miss, 50 concurrent pages exhausted the pool), and a value read in an older snapshot must not
    // be cached under a newer version.
    const tx = em ?? snapshotManager();
    const settings = await (tx ? load(tx) : this.settings.get(clinicId, 'settings', load, 'clinic'));
    return rulesAt(clinicId, settings.timeZone, settings.thresholds, this.clock.now());
  }
}

/** The local day's end and month's start of `asOf` (libs/scoring remembers each zone's local midnights). */
function boundsOf(timeZone: string, asOf: IsoDate): { dayEnd: Date; monthStart: Date } {
  return {
    dayEnd: new Date(startOfLocalDay(addDays(asOf, 1), timeZone)),
    monthStart: new Date(startOfLocalDay(monthBounds(monthOf(asOf)).first, timeZone)),
  };
}

/** Clinic-local date by `timeZone|minute`: a local midnight always falls on a whole minute. */
const localDates = new Map<string, IsoDate>();
const LOCAL_DATES_KEPT = 512;

function localDateOf(now: Date, timeZone: string): IsoDate {
  const key = `${timeZone}|${Math.floor(now.getTime() / 60_000)}`;
  let date = localDates.get(key);
  if (date === undefined) {
    date = toLocalIsoDate(now.toISOString(), timeZone);
    if (localDates.size >= LOCAL_DATES_KEPT) localDates.clear();
    localDates.set(key, date);
  }
  return date;
}

/** Derives the clinic-local dates and bounds for `now`. */
export function rulesAt(clinicId: string, timeZone: string, thresholds: FlagThresholds, now: Date): ClinicRules {
  const asOf = localDateOf(now, timeZone);
  return { clinicId, timeZone, thresholds, now, asOf, month: monthOf(asOf), ...boundsOf(timeZone, asOf) };
}

/** The same rules evaluated on an earlier clinic-local date (e.g. the Sunday of a past review week). */
export function rulesOn(rules: ClinicRules, asOf: IsoDate): ClinicRules {
  if (asOf >= rules.asOf) return rules;
  return { ...rules, asOf, month: monthOf(asOf), ...boundsOf(rules.timeZone, asOf) };
}
