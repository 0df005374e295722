import { Body, Controller, Get, Param, Patch, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { CreatedEpisode, EpisodeDetail } from '@huddle/shared-types';
import { RequirePermission } from '../auth/auth.decorators';
import { Permission } from '../auth/permissions';
import { CurrentActor, type Actor } from '../common/request-actor';
import { UuidParamDto } from '../common/uuid-param.dto';
import { CreatedEpisodeDto, EpisodeDetailDto } from './dto/episode.dto';
import {
  ChangeEpisodeStatusDto,
  CreateEpisodeDto,
  ReplaceDiagnosesDto,
  UpdateCareTeamDto,
} from './dto/episode-requests.dto';
import { EpisodeOpeningService } from './episode-opening.service';
import { EpisodesService } from './episodes.service';

@ApiTags('episodes')
@ApiBearerAuth()
@Controller()
export class EpisodesController {
  constructor(
    private readonly episodes: EpisodesService,
    private readonly opening: EpisodeOpeningService,
  ) {}

  @Post('patients/:id/episodes')
  @RequirePermission(Permission.EPISODE_WRITE)
  @ApiOperation({
    summary: 'Start a new (referred) episode; none may be open, and ≥ 6 months since the last discharge',
  })
  @ApiCreatedResponse({ type: CreatedEpisodeDto })
  create(
    @CurrentActor() actor: Actor,
    @Param() params: UuidParamDto,
    @Body() dto: CreateEpisodeDto,
  ): Promise<CreatedEpisode> {
    return this.opening.create(actor, params.id, dto);
  }

  @Get('episodes/:id')
  @RequirePermission(Permission.PATIENT_READ)
  @ApiOperation({ summary: 'An episode with its care team and diagnoses' })
  @ApiOkResponse({ type: EpisodeDetailDto })
  get(@CurrentActor() actor: Actor, @Param() params: UuidParamDto): Promise<EpisodeDetail> {
    return this.episodes.get(actor, params.id);
  }

  @Patch('episodes/:id/status')
  @RequirePermission(Permission.EPISODE_WRITE)
  @ApiOperation({
    summary: 'referred → enrolled (consentOn) → active → relapse_prevention → discharged (dischargeReason)',
  })
  @ApiOkResponse({ type: EpisodeDetailDto })
  changeStatus(
    @CurrentActor() actor: Actor,
    @Param() params: UuidParamDto,
    @Body() dto: ChangeEpisodeStatusDto,
  ): Promise<EpisodeDetail> {
    return this.episodes.changeStatus(actor, params.id, dto);
  }

  @Patch('episodes/:id/care-team')
  @RequirePermission(Permission.EPISODE_WRITE)
  @ApiOperation({ summary: 'Assign care manager, psychiatric consultant and billing PCP (null unassigns)' })
  @ApiOkResponse({ type: EpisodeDetailDto })
  updateCareTeam(
    @CurrentActor() actor: Actor,
    @Param() params: UuidParamDto,
    @Body() dto: UpdateCareTeamDto,
  ): Promise<EpisodeDetail> {
    return this.episodes.updateCareTeam(actor, params.id, dto);
  }

  @Put('episodes/:id/diagnoses')
  @RequirePermission(Permission.EPISODE_WRITE)
  @ApiOperation({ summary: "Replace the episode's ICD-10 diagnoses" })
  @ApiOkResponse({ type: EpisodeDetailDto })
  replaceDiagnoses(
    @CurrentActor() actor: Actor,
    @Param() params: UuidParamDto,
    @Body() dto: ReplaceDiagnosesDto,
  ): Promise<EpisodeDetail> {
    return this.episodes.replaceDiagnoses(actor, params.id, dto);
  }
}
