import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { CareTaskView, HuddleItemView, IsoDate } from '@huddle/shared-types';
import { RequirePermission } from '../auth/auth.decorators';
import { Permission } from '../auth/permissions';
import { CurrentActor, type Actor } from '../common/request-actor';
import { UuidParamDto } from '../common/uuid-param.dto';
import { DiscussHuddleItemDto, RaiseHuddleItemDto, UpdateCareTaskDto } from './dto/huddle.dto';
import { HuddleService } from './huddle.service';

@ApiTags('huddle')
@ApiBearerAuth()
@Controller()
export class HuddleController {
  constructor(private readonly huddle: HuddleService) {}

  @Get('huddle/items')
  @RequirePermission(Permission.HUDDLE)
  @ApiOperation({
    summary: 'The huddle list: open items (and those discussed in the last 14 days) of patients you may see',
  })
  list(@CurrentActor() actor: Actor): Promise<HuddleItemView[]> {
    return this.huddle.list(actor);
  }

  @Post('huddle/items')
  @RequirePermission(Permission.HUDDLE)
  @ApiOperation({
    summary: "Put a patient on the next huddle with a question (filed under the clinic's next huddle date)",
  })
  raise(
    @CurrentActor() actor: Actor,
    @Body() dto: RaiseHuddleItemDto,
  ): Promise<{ id: string; huddleOn: IsoDate | null }> {
    return this.huddle.raise(actor, dto);
  }

  @Post('huddle/items/:id/discuss')
  @HttpCode(200)
  @RequirePermission(Permission.HUDDLE)
  @ApiOperation({ summary: "Record the huddle's note; its tasks get an owner and a due date" })
  discuss(
    @CurrentActor() actor: Actor,
    @Param() { id }: UuidParamDto,
    @Body() dto: DiscussHuddleItemDto,
  ): Promise<{ tasks: CareTaskView[] }> {
    return this.huddle.discuss(actor, id, dto);
  }

  @Get('tasks/mine')
  @RequirePermission(Permission.HUDDLE)
  @ApiOperation({ summary: 'My tasks: open ones by due date (overdue marked), then those done in the last 14 days' })
  mine(@CurrentActor() actor: Actor): Promise<CareTaskView[]> {
    return this.huddle.myTasks(actor);
  }

  @Post('tasks/:id/status')
  @HttpCode(200)
  @RequirePermission(Permission.HUDDLE)
  @ApiOperation({ summary: 'Mark a task done or reopen it (send the version you saw)' })
  setDone(
    @CurrentActor() actor: Actor,
    @Param() { id }: UuidParamDto,
    @Body() dto: UpdateCareTaskDto,
  ): Promise<CareTaskView> {
    return this.huddle.setDone(actor, id, dto);
  }
}
