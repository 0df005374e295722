import { ApiProperty } from '@nestjs/swagger';
import { IsOptional, IsString, Matches } from 'class-validator';
import type { OidcExchangeRequest, RefreshRequest } from '@huddle/shared-types';

export const OPAQUE_TOKEN = /^[A-Za-z0-9_-]{20,128}$/;

/** Body of `POST /api/auth/refresh`; without `refreshToken`, the `huddle_refresh` cookie is used. */
export class RefreshDto implements RefreshRequest {
  @ApiProperty({ required: false })
  @IsOptional()
  @IsString()
  @Matches(OPAQUE_TOKEN, { message: 'refreshToken is malformed' })
  refreshToken?: string;
}

/** Body of `POST /api/auth/oidc/exchange`. */
export class OidcExchangeDto implements OidcExchangeRequest {
  @ApiProperty()
  @IsString()
  @Matches(OPAQUE_TOKEN, { message: 'code is malformed' })
  code!: string;
}
