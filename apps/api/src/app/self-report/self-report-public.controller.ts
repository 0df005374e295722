import { Body, Controller, HttpCode, Post, Req } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { SelfReportForm, SelfReportSubmitted } from '@huddle/shared-types';
import { PublicFormThrottle } from '../auth/rate-limit';
import { Public } from '../common/public.decorator';
import {
  OpenSelfReportDto,
  SelfReportFormDto,
  SelfReportSubmittedDto,
  SubmitSelfReportDto,
} from './dto/self-report.dto';
import { SelfReportFormService } from './self-report-form.service';

export { SELF_REPORT_PUBLIC_LIMIT_PER_MINUTE } from '../auth/rate-limit';

/**
 * The patient's form, without an account (issue #16). The token travels in the body (URLs are logged);
 * a wrong, used or expired token answers one 404 with no detail. Rate limited per IP.
 */
@ApiTags('self-report')
@Public()
@PublicFormThrottle()
@Controller('self-report')
export class SelfReportPublicController {
  constructor(private readonly forms: SelfReportFormService) {}

  @Post('open')
  @HttpCode(200)
  @ApiOperation({ summary: 'Open a self-report link: first name and instruments only' })
  @ApiOkResponse({ type: SelfReportFormDto })
  open(@Body() dto: OpenSelfReportDto, @Req() req: { ip?: string }): Promise<SelfReportForm> {
    return this.forms.open(dto, req.ip ?? null);
  }

  @Post('submit')
  @HttpCode(200)
  @ApiOperation({ summary: "Submit the patient's answers (once); scored like typed scores" })
  @ApiOkResponse({ type: SelfReportSubmittedDto })
  submit(@Body() dto: SubmitSelfReportDto, @Req() req: { ip?: string }): Promise<SelfReportSubmitted> {
    return this.forms.submit(dto, req.ip ?? null);
  }
}
