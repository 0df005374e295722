import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional, IsString, Matches, MaxLength } from 'class-validator';

const COLUMN = { maxLength: 100 };

/**
 * `POST /api/imports/csv` query: `dryRun` and the column mapping (header names in the file). Item
 * columns default to headers named by the instrument's item id (`phq9_1`) or item LOINC code
 * (`44250-9`); `items` maps others, e.g. `phq9_1=Q1,phq9_2=Q2`.
 */
export class CsvImportQueryDto {
  @ApiPropertyOptional({ description: 'Validate only: row-level errors, nothing written' })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  dryRun?: boolean;

  @ApiPropertyOptional({ default: 'mrn' })
  @IsOptional()
  @IsString()
  @MaxLength(COLUMN.maxLength)
  mrn?: string;

  @ApiPropertyOptional({ default: 'given_name' })
  @IsOptional()
  @IsString()
  @MaxLength(COLUMN.maxLength)
  givenName?: string;

  @ApiPropertyOptional({ default: 'family_name' })
  @IsOptional()
  @IsString()
  @MaxLength(COLUMN.maxLength)
  familyName?: string;

  @ApiPropertyOptional({ default: 'birth_date' })
  @IsOptional()
  @IsString()
  @MaxLength(COLUMN.maxLength)
  birthDate?: string;

  @ApiPropertyOptional({ default: 'date', description: 'Administration date (YYYY-MM-DD)' })
  @IsOptional()
  @IsString()
  @MaxLength(COLUMN.maxLength)
  date?: string;

  @ApiPropertyOptional({ default: 'instrument', description: 'PHQ9, GAD7, … or PHQ-9, GAD-7, …' })
  @IsOptional()
  @IsString()
  @MaxLength(COLUMN.maxLength)
  instrument?: string;

  @ApiPropertyOptional({ default: 'total' })
  @IsOptional()
  @IsString()
  @MaxLength(COLUMN.maxLength)
  total?: string;

  @ApiPropertyOptional({ description: 'Item columns: itemId=Header pairs, comma-separated' })
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  @Matches(/^[a-z0-9_]+=[^,=]+(,[a-z0-9_]+=[^,=]+)*$/i, {
    message: 'items must be itemId=Header pairs separated by commas',
  })
  items?: string;
}

/** One refused row of a CSV file. */
export class CsvRowErrorDto {
  /** Line number in the file (the header is line 1). */
  row!: number;
  column!: string;
  message!: string;
}

/** What a CSV import (or its dry run) did. */
export class CsvImportResultDto {
  jobId!: string | null;
  dryRun!: boolean;
  rowsTotal!: number;
  rowsValid!: number;
  rowsFailed!: number;
  patientsCreated!: number;
  assessmentsCreated!: number;
  /** Rows already imported before (same patient, instrument, date, answers): nothing new. */
  assessmentsUnchanged!: number;
  /** Up to 500 row errors, in file order. */
  errors!: CsvRowErrorDto[];
  errorsTruncated!: boolean;
}

/** An import job: the progress and counts of one import. */
export class ImportJobDto {
  id!: string;
  kind!: 'fhir' | 'csv';
  status!: 'running' | 'done' | 'failed';
  rowsTotal!: number;
  rowsLoaded!: number;
  rowsUnchanged!: number;
  rowsFailed!: number;
  patientsCreated!: number;
  startedAt!: string;
  finishedAt!: string | null;
}
