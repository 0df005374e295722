import { Module } from '@nestjs/common';
import { RegistrySqlModule } from '../registry-sql/registry-sql.module';
import { CaseloadScopeRepository } from './caseload-scope.repository';
import { CaseloadScopeService } from './caseload-scope.service';
import { CaseloadController } from './caseload.controller';
import { CaseloadService } from './caseload.service';

@Module({
  imports: [RegistrySqlModule],
  controllers: [CaseloadController],
  providers: [CaseloadScopeService, CaseloadScopeRepository, CaseloadService],
  exports: [CaseloadService],
})
export class CaseloadModule {}
