import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { CaseloadQueryDto } from '../caseload/dto/caseload-query.dto';
import { AsOfQueryDto } from '../outcomes/outcomes.dto';
import type { ExportFormat } from './table-export';

const FORMATS: ExportFormat[] = ['csv', 'xlsx'];

/** `GET /api/caseload/export`: the caseload's filters and sort (every page), as CSV or Excel. */
export class CaseloadExportQueryDto extends CaseloadQueryDto {
  @ApiPropertyOptional({ enum: FORMATS, default: 'csv' })
  @IsOptional()
  @IsIn(FORMATS, { message: 'format must be csv or xlsx' })
  format?: ExportFormat;
}

/** `GET /api/outcomes/export`: trends (12 complete months) and quality measures as of a date. */
export class OutcomesExportQueryDto extends AsOfQueryDto {
  @ApiPropertyOptional({ enum: FORMATS, default: 'csv' })
  @IsOptional()
  @IsIn(FORMATS, { message: 'format must be csv or xlsx' })
  format?: ExportFormat;
}
