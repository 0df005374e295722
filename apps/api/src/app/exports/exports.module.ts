import { Module } from '@nestjs/common';
import { CaseloadModule } from '../caseload/caseload.module';
import { OutcomesModule } from '../outcomes/outcomes.module';
import { ExportsController } from './exports.controller';
import { ExportsService } from './exports.service';

/** CSV/Excel exports of the caseload and outcomes (issue #15). */
@Module({
  imports: [CaseloadModule, OutcomesModule],
  controllers: [ExportsController],
  providers: [ExportsService],
})
export class ExportsModule {}
