import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { IsDefined, IsISO8601, Matches, ValidateBy, ValidateIf, type ValidationOptions } from 'class-validator';
import { INPUT_LIMITS } from './input-safety';

/**
 * Optional on input, but not nullable: the property may be left out; when present it must pass the
 * other validators (so `null` is rejected naming the field instead of reaching a NOT NULL column).
 */
export const IsOptionalNotNull = (): PropertyDecorator => ValidateIf((_, value: unknown) => value !== undefined);

/** Required but nullable: it must be given (`null` = clear it); left out is a 400 naming the field. */
export const IsRequiredOrNull = (): PropertyDecorator =>
  applyDecorators(
    ValidateIf((_, value: unknown) => value !== null),
    IsDefined({ message: ({ property }) => `${property} is required (null clears it)` }),
  );

/** Optional and nullable: left out = unchanged, `null` = clear it. */
export const IsOptionalOrNull = (): PropertyDecorator =>
  ValidateIf((_, value: unknown) => value !== undefined && value !== null);

/** A real calendar date `YYYY-MM-DD` (no time, no zone). */
export const IsIsoDate = (options: ValidationOptions = {}): PropertyDecorator =>
  applyDecorators(
    Matches(/^\d{4}-\d{2}-\d{2}$/, { message: ({ property }) => `${property} must be a date YYYY-MM-DD`, ...options }),
    IsISO8601({ strict: true }, { message: ({ property }) => `${property} must be a real calendar date`, ...options }),
  );

/**
 * A date-valued input within `[from, to]` (compared on its `YYYY-MM-DD` prefix). The bounds come from
 * {@link INPUT_LIMITS}, the one place that sets them.
 */
export const IsDateWithin = (from: string, to: string = INPUT_LIMITS.latestDate): PropertyDecorator =>
  ValidateBy({
    name: 'isDateWithin',
    validator: {
      validate: (value: unknown) =>
        typeof value === 'string' && value.slice(0, 10) >= from && value.slice(0, 10) <= to.slice(0, 10),
      defaultMessage: (args) => `${args?.property ?? 'date'} must be between ${from} and ${to}`,
    },
  });

/**
 * An ISO 8601 instant with an explicit offset (`…Z` or `…-05:00`); local times are ambiguous. These are
 * care events (contacts, follow-ups): on or after {@link INPUT_LIMITS.earliestCareDate}.
 */
export const IsIsoInstant = (): PropertyDecorator =>
  applyDecorators(
    IsDateWithin(INPUT_LIMITS.earliestCareDate),
    Matches(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/, {
      message: ({ property }) => `${property} must be an ISO timestamp with an offset, e.g. 2026-01-31T14:30:00-05:00`,
    }),
    IsISO8601({ strict: true }, { message: ({ property }) => `${property} must be a real date and time` }),
  );

/** A calendar month `YYYY-MM`. */
export const IsYearMonth = (): PropertyDecorator =>
  Matches(/^\d{4}-(0[1-9]|1[0-2])$/, { message: ({ property }) => `${property} must be a month YYYY-MM` });

/** Trims surrounding whitespace of a string input before validation. */
export const Trim = (): PropertyDecorator =>
  Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value));
