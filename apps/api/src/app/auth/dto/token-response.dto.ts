import { ApiProperty } from '@nestjs/swagger';
import {
  StaffRole,
  type AuthProviders,
  type LogoutResponse,
  type SessionUser,
  type TokenResponse,
} from '@huddle/shared-types';

/** OpenAPI shape of {@link SessionUser}. */
export class SessionUserDto implements SessionUser {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() displayName!: string;
  @ApiProperty({ enum: Object.values(StaffRole) }) role!: StaffRole;
  @ApiProperty({ format: 'uuid' }) clinicId!: string;
  @ApiProperty() clinicName!: string;
}

/** OpenAPI shape of {@link TokenResponse}. */
export class TokenResponseDto implements TokenResponse {
  @ApiProperty() accessToken!: string;
  @ApiProperty({
    required: false,
    description:
      'Single use: refresh returns a new one. Also set as the HttpOnly `huddle_refresh` cookie; left out of the body when the request sent `X-Huddle-Client`',
  })
  refreshToken?: string;
  @ApiProperty({ description: 'Seconds until the access token expires' }) expiresIn!: number;
  @ApiProperty({ description: 'Seconds without API requests after which the session ends' }) idleTimeout!: number;
  @ApiProperty({ type: SessionUserDto }) user!: SessionUserDto;
}

/** OpenAPI shape of {@link AuthProviders}. */
export class AuthProvidersDto implements AuthProviders {
  @ApiProperty() password!: boolean;
  @ApiProperty() oidc!: boolean;
}

export class LogoutResponseDto implements LogoutResponse {
  @ApiProperty({
    type: String,
    nullable: true,
    description: "After an SSO sign-in: the identity provider's end-session URL for the browser to open",
  })
  endSessionUrl!: string | null;
}
