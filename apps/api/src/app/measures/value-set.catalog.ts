import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Inject, Injectable } from '@nestjs/common';
import { NotConfiguredError } from '../common/errors';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';

type Json = Record<string, unknown>;

/**
 * The expanded value sets quality measures name (e.g. CMS159's diagnoses, encounters and exclusions),
 * read from MEASURE_VALUE_SETS_DIR: FHIR ValueSet JSON files with an `expansion` (or `compose.include`
 * concepts), as VSAC publishes them. Huddle ships none: VSAC expansions are licensed terminology
 * (a UMLS licence) that a deployment downloads itself. Loaded once, kept as `system|code` sets by URL.
 */
@Injectable()
export class ValueSetCatalog {
  private sets: Map<string, Set<string>> | undefined;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  /** Whether `system|code` is in the value set `url` (unknown value sets contain nothing). */
  contains(url: string, system: string, code: string): boolean {
    return this.load().get(url)?.has(`${system}|${code}`) ?? false;
  }

  /** URLs among `urls` that the folder does not provide. */
  missing(urls: readonly string[]): string[] {
    const sets = this.load();
    return urls.filter((url) => !sets.has(url));
  }

  private load(): Map<string, Set<string>> {
    if (this.sets) return this.sets;
    const dir = this.config.MEASURE_VALUE_SETS_DIR;
    if (!dir) throw new NotConfiguredError('Measure value sets (MEASURE_VALUE_SETS_DIR)');
    const sets = new Map<string, Set<string>>();
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.json'))) {
      const resource = JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as Json;
      if (resource['resourceType'] !== 'ValueSet' || typeof resource['url'] !== 'string') continue;
      const codes = sets.get(resource['url']) ?? new Set<string>();
      const expansion = (resource['expansion'] as Json | undefined)?.['contains'];
      for (const c of Array.isArray(expansion) ? (expansion as Json[]) : [])
        codes.add(`${String(c['system'])}|${String(c['code'])}`);
      const includes = (resource['compose'] as Json | undefined)?.['include'];
      for (const include of Array.isArray(includes) ? (includes as Json[]) : []) {
        const concepts = include['concept'];
        for (const c of Array.isArray(concepts) ? (concepts as Json[]) : [])
          codes.add(`${String(include['system'])}|${String(c['code'])}`);
      }
      sets.set(resource['url'], codes);
    }
    this.sets = sets;
    return sets;
  }
}
