import { Body, Controller, Get, HttpCode, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { CredentialResponse } from '../../api/http';
import { AdminGuard } from '../common/admin.guard';
import { CredentialService } from './credential.service';
import { CredentialRequestDto } from './dto/credential-request.dto';

@ApiTags('authority')
@Controller('api')
export class AuthorityController {
  constructor(private readonly credentials: CredentialService) {}

  @Post('credentials')
  @HttpCode(201)
  @ApiOperation({ summary: 'A voter (ID + activation code) gets a blind signature on a ballot key, once' })
  credential(@Body() dto: CredentialRequestDto): Promise<CredentialResponse> {
    return this.credentials.requestCredential(dto);
  }

  @Post('credentials/check')
  @HttpCode(204)
  @ApiOperation({
    summary: '204 when POST /api/credentials would answer this request; its refusal otherwise. Signs and records nothing',
  })
  checkCredential(@Body() dto: CredentialRequestDto): Promise<void> {
    return this.credentials.checkCredentialRequest(dto);
  }

  @Get('admin/check')
  @HttpCode(204)
  @UseGuards(AdminGuard)
  @ApiBearerAuth()
  @ApiOperation({ summary: '204 when the admin token is valid' })
  check(): void {}
}
