import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  IsBoolean,
  IsEmail,
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';
import { StaffRole, type CareTeamOptions, type StaffMember, type StaffOption } from '@huddle/shared-types';
import { IsOptionalNotNull } from '../../common/validation';

const ROLES = Object.values(StaffRole);
const roleMessage = `role must be one of ${ROLES.join(', ')}`;

export class StaffMemberDto implements StaffMember {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() email!: string;
  @ApiProperty() displayName!: string;
  @ApiProperty({ enum: ROLES }) role!: StaffRole;
  @ApiProperty({ example: 1 }) fte!: number;
  @ApiProperty() active!: boolean;
  @ApiProperty() version!: number;
}

export class StaffOptionDto implements StaffOption {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() displayName!: string;
  @ApiProperty({ enum: ROLES }) role!: StaffRole;
  @ApiProperty() fte!: number;
  @ApiProperty({ description: 'Open episodes in which this person holds the role' }) openEpisodes!: number;
}

export class CareTeamOptionsDto implements CareTeamOptions {
  @ApiProperty({ type: StaffOptionDto, isArray: true }) careManagers!: StaffOptionDto[];
  @ApiProperty({ type: StaffOptionDto, isArray: true }) consultants!: StaffOptionDto[];
  @ApiProperty({ type: StaffOptionDto, isArray: true }) pcps!: StaffOptionDto[];
}

export class ListStaffQueryDto {
  @ApiPropertyOptional({ enum: ROLES })
  @IsOptional()
  @IsIn(ROLES, { message: roleMessage })
  role?: StaffRole;

  @ApiPropertyOptional({ description: 'true = active only, false = inactive only; left out = all' })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean({ message: 'active must be true or false' })
  active?: boolean;
}

const fte = (): PropertyDecorator =>
  applyDecorators(
    IsNumber({ maxDecimalPlaces: 2 }, { message: 'fte must be a number with at most 2 decimals' }),
    Min(0.01, { message: 'fte must be more than 0' }),
    Max(1, { message: 'fte must be at most 1' }),
  );

export class CreateStaffDto {
  @ApiProperty({ example: 'a.lee@clinic.example' })
  @IsEmail({}, { message: 'email must be an email address' })
  @MaxLength(254)
  email!: string;

  @ApiProperty()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  displayName!: string;

  @ApiProperty({ enum: ROLES })
  @IsIn(ROLES, { message: roleMessage })
  role!: StaffRole;

  @ApiPropertyOptional({ example: 1, description: 'Full-time equivalent, 0.01–1 (default 1)' })
  @IsOptionalNotNull()
  @fte()
  fte?: number;

  @ApiPropertyOptional({ default: true })
  @IsOptionalNotNull()
  @IsBoolean()
  active?: boolean;
}

export class UpdateStaffDto {
  @ApiProperty({ description: 'The version you edited (optimistic concurrency)' })
  @IsInt()
  @Min(1)
  version!: number;

  @ApiPropertyOptional()
  @IsOptionalNotNull()
  @IsEmail({}, { message: 'email must be an email address' })
  @MaxLength(254)
  email?: string;

  @ApiPropertyOptional()
  @IsOptionalNotNull()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  displayName?: string;

  @ApiPropertyOptional({ enum: ROLES })
  @IsOptionalNotNull()
  @IsIn(ROLES, { message: roleMessage })
  role?: StaffRole;

  @ApiPropertyOptional({ example: 0.5 })
  @IsOptionalNotNull()
  @fte()
  fte?: number;

  @ApiPropertyOptional({ description: 'false deactivates the account and ends its sessions' })
  @IsOptionalNotNull()
  @IsBoolean()
  active?: boolean;
}
