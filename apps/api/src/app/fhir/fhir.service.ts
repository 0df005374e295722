import { Injectable } from '@nestjs/common';
import { INSTRUMENTS } from '@huddle/scoring';
import type { InstrumentId } from '@huddle/shared-types';
import { AccessService } from '../auth/access.service';
import { AuditService } from '../audit/audit.service';
import type { Actor } from '../common/request-actor';
import { searchset, type Bundle } from './bundle';
import { invalidParameter, resourceNotFound, FhirError } from './fhir-errors';
import { FhirRepository } from './fhir.repository';
import { LOINC, type FhirResource } from './mapping/fhir-resource';
import { parseObservationId } from './mapping/observation.mapper';
import { questionnaireUrl } from './mapping/identifiers';
import { questionnaireId, toFhirQuestionnaire, type FhirQuestionnaire } from './mapping/questionnaire.mapper';
import { lastUpdatedCondition, RESOURCE_QUERIES, type PatientScopedType, type ResourceQuery } from './resource-queries';
import {
  decodeCursor,
  encodeCursor,
  parseCount,
  parseDate,
  parseIds,
  parseTokens,
  single,
  values,
  type RawQuery,
} from './search-params';
import { SqlBuilder } from './sql-builder';

/** Parameters every search accepts besides the type's own. */
const COMMON_PARAMS = new Set(['_id', '_lastUpdated', '_count', '_cursor', '_format']);
const JSON_FORMATS = new Set(['json', 'application/json', 'application/fhir+json']);

/** Where a search was asked: the FHIR base URL and the request URL (`self`). */
export interface SearchRequest {
  base: string;
  url: string;
  query: RawQuery;
}

/**
 * FHIR read and search (issue #15): patient data through AccessService's scope (another clinic's or
 * another caseload's ids answer 404), in SQL with keyset paging; every read and search audited
 * (`fhir.read`, `fhir.search`: type, id or count and total, the parameter names — never their values).
 */
@Injectable()
export class FhirService {
  constructor(
    private readonly repository: FhirRepository,
    private readonly access: AccessService,
    private readonly audit: AuditService,
  ) {}

  async read(actor: Actor, type: PatientScopedType, id: string): Promise<FhirResource> {
    const query = RESOURCE_QUERIES[type];
    const b = new SqlBuilder();
    const from = query.from(b);
    if (!query.byId(b, id)) throw resourceNotFound(type, id);
    b.scope((offset) => this.access.patientScope(actor, 'p', offset));
    const [row] = await this.repository.page(query, from, b, null, 1);
    if (!row) {
      await this.throwGoneIfEnteredInError(actor, type, id);
      throw resourceNotFound(type, id);
    }
    const resource = query.toResource(row);
    await this.audit.success(actor, 'fhir.read', {
      resourceType: type,
      resourceId: id,
      patientId: query.patientOf(row),
      details: { interaction: 'read' },
    });
    return resource;
  }

  async search(actor: Actor, type: PatientScopedType, request: SearchRequest): Promise<Bundle> {
    const query = RESOURCE_QUERIES[type];
    const { query: raw } = request;
    this.checkNames(raw, Object.keys(query.params));
    const count = parseCount(raw);
    const cursorRaw = single(raw, '_cursor');
    const after = cursorRaw === undefined ? null : decodeCursor(cursorRaw, query.key.length);

    const b = new SqlBuilder();
    const from = query.from(b);
    b.scope((offset) => this.access.patientScope(actor, 'p', offset));
    this.applyFilters(query, b, raw);

    const [total, rows] = await Promise.all([
      this.repository.count(query, from, b),
      this.repository.page(query, from, b, after, count),
    ]);
    const shown = rows.slice(0, count);
    const resources = shown.map((row) => query.toResource(row));
    const last = shown[shown.length - 1];
    const next =
      rows.length > count && last
        ? withParam(request.url, '_cursor', encodeCursor(query.key.map((_, i) => last[`k${i}`] as string | number)))
        : null;
    const patientIds = [...new Set(shown.map((row) => query.patientOf(row)))];
    await this.audit.success(actor, 'fhir.search', {
      resourceType: type,
      details: { interaction: 'search-type', params: paramNames(raw), count: resources.length, total },
      patientIds,
    });
    return searchset(request.base, resources, total, request.url, next);
  }

  /** Adds the conditions of the search parameters (every value of a repeated parameter AND-ed). */
  applyFilters(query: ResourceQuery, b: SqlBuilder, raw: RawQuery): void {
    for (const [name, handler] of Object.entries(query.params)) {
      for (const value of values(raw, name)) {
        if (value === '') throw invalidParameter(name, 'must not be empty');
        handler(b, value);
      }
    }
    for (const value of values(raw, '_lastUpdated')) {
      b.where(lastUpdatedCondition(b, parseDate(value, '_lastUpdated', true), query.lastUpdated));
    }
  }

  /** Questionnaires are Huddle's instrument definitions (libs/scoring), the same for every clinic. */
  async readQuestionnaire(actor: Actor, id: string): Promise<FhirQuestionnaire> {
    const instrument = (Object.keys(INSTRUMENTS) as InstrumentId[]).find((i) => questionnaireId(i) === id);
    if (!instrument) throw resourceNotFound('Questionnaire', id);
    await this.audit.success(actor, 'fhir.read', {
      resourceType: 'Questionnaire',
      resourceId: id,
      details: { interaction: 'read' },
    });
    return toFhirQuestionnaire(INSTRUMENTS[instrument]);
  }

  async searchQuestionnaires(actor: Actor, request: SearchRequest): Promise<Bundle> {
    const raw = request.query;
    this.checkNames(raw, ['code', 'url'], ['_lastUpdated', '_cursor']);
    const count = parseCount(raw);
    let all = (Object.keys(INSTRUMENTS) as InstrumentId[]).map((i) => toFhirQuestionnaire(INSTRUMENTS[i]));
    for (const value of values(raw, '_id')) {
      const ids = parseIds(value);
      all = all.filter((q) => ids.includes(q.id));
    }
    for (const value of values(raw, 'code')) {
      const tokens = parseTokens(value, 'code').filter((t) => t.system === null || t.system === LOINC);
      all = all.filter((q) => q.code?.some((c) => tokens.some((t) => t.code === c.code)) ?? false);
    }
    for (const value of values(raw, 'url')) {
      all = all.filter((q) => q.url === value || questionnaireUrl(q.id) === value);
    }
    const shown = all.slice(0, count);
    await this.audit.success(actor, 'fhir.search', {
      resourceType: 'Questionnaire',
      details: { interaction: 'search-type', params: paramNames(raw), count: shown.length, total: all.length },
    });
    return searchset(request.base, shown, all.length, request.url, null);
  }

  /** 400 naming the first parameter the search does not support. */
  private checkNames(raw: RawQuery, own: readonly string[], unsupported: readonly string[] = []): void {
    for (const name of Object.keys(raw)) {
      const known = (COMMON_PARAMS.has(name) && !unsupported.includes(name)) || own.includes(name);
      if (!known) throw invalidParameter(name, 'is not a search parameter this server supports for this type');
    }
    const format = single(raw, '_format');
    if (format !== undefined && !JSON_FORMATS.has(format)) {
      throw new FhirError(406, 'not-supported', '_format: only JSON is supported', '_format');
    }
  }

  /** 410 for an Observation or QuestionnaireResponse of an assessment marked entered in error. */
  private async throwGoneIfEnteredInError(actor: Actor, type: PatientScopedType, id: string): Promise<void> {
    if (type !== 'Observation' && type !== 'QuestionnaireResponse') return;
    const assessmentId = parseObservationId(id)?.assessmentId;
    if (!assessmentId) return;
    const scope = this.access.patientScope(actor, 'p', 1);
    if (await this.repository.enteredInError(assessmentId, scope.sql, scope.params)) {
      throw new FhirError(410, 'deleted', `${type}/${id} was entered in error and removed`);
    }
  }
}

/** The names of a search's parameters (values may be identifiers: never audited). */
function paramNames(raw: RawQuery): string[] {
  return Object.keys(raw).sort();
}

/** `url` with `name` set to `value` (replacing any previous value). */
function withParam(url: string, name: string, value: string): string {
  const parsed = new URL(url);
  parsed.searchParams.set(name, value);
  return parsed.toString();
}
