import { Module } from '@nestjs/common';
import { FlagsModule } from '../flags/flags.module';
import { CaseloadScopeService } from './caseload-scope.service';
import { CaseloadController } from './caseload.controller';
import { CaseloadService } from './caseload.service';

@Module({
  imports: [FlagsModule],
  controllers: [CaseloadController],
  providers: [CaseloadScopeService, CaseloadService],
  exports: [CaseloadService],
})
export class CaseloadModule {}
