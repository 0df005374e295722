import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';
import type { LoginRequest } from '@huddle/shared-types';

/** Body of `POST /api/auth/login`. Lengths are capped so hashing cannot be used to exhaust the server. */
export class LoginDto implements LoginRequest {
  @ApiProperty({ example: 'cm1@riverside.huddle.test' })
  @IsString()
  @MinLength(3)
  @MaxLength(254)
  email!: string;

  @ApiProperty({ example: 'huddle-demo', format: 'password' })
  @IsString()
  @MinLength(1)
  @MaxLength(256)
  password!: string;
}
