import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { CaseloadHolder, CaseloadTransferResult } from '@huddle/shared-types';
import { RequirePermission } from '../auth/auth.decorators';
import { Permission } from '../auth/permissions';
import { CurrentActor, type Actor } from '../common/request-actor';
import { CaseloadTransferService } from './caseload-transfer.service';
import { CaseloadHolderDto, CaseloadTransferDto, CaseloadTransferResultDto } from './dto/caseload-transfer.dto';

@ApiTags('caseload')
@ApiBearerAuth()
@Controller('caseloads')
export class CaseloadTransferController {
  constructor(private readonly transfers: CaseloadTransferService) {}

  @Get('holders')
  @RequirePermission(Permission.CASELOAD_TRANSFER)
  @ApiOperation({ summary: "The clinic's care managers (active or not) with their open-episode counts" })
  @ApiOkResponse({ type: CaseloadHolderDto, isArray: true })
  holders(@CurrentActor() actor: Actor): Promise<CaseloadHolder[]> {
    return this.transfers.holders(actor);
  }

  @Post('transfer')
  @HttpCode(200)
  @RequirePermission(Permission.CASELOAD_TRANSFER)
  @ApiOperation({
    summary:
      "Move open episodes to another care manager: a care manager's own or covered caseload (all or episodeIds), or an admin a whole caseload",
  })
  @ApiOkResponse({ type: CaseloadTransferResultDto })
  transfer(@CurrentActor() actor: Actor, @Body() dto: CaseloadTransferDto): Promise<CaseloadTransferResult> {
    return this.transfers.transfer(actor, dto);
  }
}
