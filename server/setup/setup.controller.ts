import { Body, Controller, Get, HttpCode, Inject, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type ElectionDefinition } from '../../protocol';
import { type ElectionCreated, type SetupInfo } from '../../api/http';
import { AdminGuard } from '../common/admin.guard';
import { AppConfig } from '../common/app-config';
import { DATABASE, type Db } from '../common/database';
import { BadInputError } from '../common/domain-errors';
import { electionDefinitionProblems } from '../common/trustee-key-problems';
import { createElection, type CreatedElection } from './create-election';
import { withDemoTrustees } from './demo-trustees';
import { libsodiumGroup } from '../../sealed-crypto/libsodium-group';
import { CreateElectionDto } from './dto/create-election.dto';
import { pendingCodesFile } from './pending-codes-file';
import { parseRollCsv, RollCsvError } from './roll-csv';
import { ELECTION_CREATED, type ElectionCreatedListener } from './election-created';

/** A node without an election yet: the portal asks its state, and an admin creates the election once. */
@ApiTags('setup')
@Controller('api')
export class SetupController {
  private created = false;

  constructor(
    @Inject(DATABASE) private readonly db: Db,
    @Inject(ELECTION_CREATED) private readonly onCreated: ElectionCreatedListener,
    private readonly config: AppConfig,
  ) {}

  @Get('election')
  @ApiOperation({ summary: 'This node waits for an admin to create its election' })
  state(): SetupInfo {
    return { phase: 'setup' };
  }

  @Get('admin/check')
  @HttpCode(204)
  @UseGuards(AdminGuard)
  @ApiBearerAuth()
  check(): void {}

  @Post('admin/election')
  @HttpCode(201)
  @UseGuards(AdminGuard)
  @ApiBearerAuth()
  @ApiOperation({
    summary:
      'Create the election from a definition and a roll CSV; the activation codes are returned, and kept for GET /api/admin/activation-codes until DELETE /api/admin/activation-codes',
  })
  async create(@Body() dto: CreateElectionDto): Promise<ElectionCreated> {
    if (this.created) throw new BadInputError('the election was already created');
    // An open election may go without a roll: any well-formed voter ID may then vote once, as in the seed.
    let voters: string[] | undefined;
    if (dto.scheme === 'secret' || dto.roll_csv.trim() !== '') {
      try {
        voters = parseRollCsv(dto.roll_csv);
      } catch (e) {
        if (e instanceof RollCsvError) throw new BadInputError(e.message);
        throw e;
      }
    }
    const definition: ElectionDefinition = {
      title: dto.title,
      parties: dto.parties,
      difficulty: dto.difficulty,
      scheme: dto.scheme,
      ...(voters ? { voters } : {}),
      ...(dto.trustees !== undefined ? { trustees: dto.trustees } : {}),
      ...(dto.demo_trustees !== undefined ? { demo_trustees: dto.demo_trustees } : {}),
      ...(dto.threshold !== undefined ? { threshold: dto.threshold } : {}),
      ...(dto.blank !== undefined ? { blank: dto.blank } : {}),
    };
    const problems = electionDefinitionProblems(definition);
    if (problems.length > 0) throw new BadInputError(problems.join('; '));
    // Claimed before the first await, so that a second request meanwhile is refused.
    this.created = true;
    let created: CreatedElection;
    try {
      const sealed =
        definition.scheme === 'secret' ? withDemoTrustees(definition, this.config.dataDir, await libsodiumGroup()) : definition;
      // The codes wait in DATA_DIR until the admin confirms the download: a reload must not lose them.
      created = createElection(this.db, sealed, {
        withAuthority: true,
        passphrase: this.config.authorityPassphrase,
        digestOf: definition,
        codesFile: pendingCodesFile(this.config.dataDir),
      });
    } catch (e) {
      this.created = false;
      throw e;
    }
    const { genesis, codesCsv } = created;
    // The node restarts its services with the new election once this answer is on its way.
    setImmediate(() => this.onCreated());
    return { election_id: genesis.hash, voters: voters?.length ?? 0, codes_csv: codesCsv ?? '' };
  }
}
