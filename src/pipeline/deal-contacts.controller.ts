import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  Patch,
  Post,
} from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { CurrentUser } from '../auth/current-user.decorator';
import { DealParamsDto } from '../common/route-params.dto';
import { ApiRoute } from '../docs/api-route.decorator';
import {
  JSON_BODY,
  MEMBER_WRITE,
  NOT_FOUND,
  VALIDATED,
} from '../docs/problem-presets';
import { DealContactsService } from './deal-contacts.service';
import {
  AddDealContactDto,
  DealContactDto,
  DealContactListDto,
  DealContactParamsDto,
  UpdateDealContactDto,
} from './dto/deal-contact.dto';
import { DEAL_CONTACTS_MAX } from './pipeline.constants';

const TIMELINE =
  "Each change writes an `updated` entry on the deal's timeline: `changes.contacts` with " +
  '`from` and `to`, each `{customer_id, role}` or null.';
const CONTACT_404 =
  'No such workspace (or you are not a member of it), no such live deal in it, or that ' +
  'customer is not on the deal.';

@ApiTags('deals')
@Controller('workspaces/:workspaceId/deals/:dealId/contacts')
export class DealContactsController {
  constructor(private readonly contacts: DealContactsService) {}

  @Get()
  @ApiRoute({
    operationId: 'listDealContacts',
    summary: 'The people on a deal',
    description: `Live people only, earliest added first; at most ${DEAL_CONTACTS_MAX} (a deal holds no more).`,
    success: {
      status: 200,
      description: 'Each person on the deal with their role.',
      type: DealContactListDto,
    },
    problems: { ...VALIDATED, ...NOT_FOUND.liveDeal },
  })
  list(
    @CurrentUser() user: AuthenticatedUser,
    @Param() { workspaceId, dealId }: DealParamsDto,
  ) {
    return this.contacts.list(user, workspaceId, dealId);
  }

  @Post()
  @ApiRoute({
    operationId: 'addDealContact',
    summary: 'Put a person on a deal',
    description: TIMELINE,
    success: {
      status: 201,
      description: 'On the deal.',
      type: DealContactDto,
    },
    problems: {
      ...VALIDATED,
      ...JSON_BODY,
      ...MEMBER_WRITE,
      ...NOT_FOUND.liveDeal,
      409: 'This customer is already on the deal.',
      422: `The customer is not a live one of this workspace, or the deal has ${DEAL_CONTACTS_MAX} people.`,
    },
  })
  add(
    @CurrentUser() user: AuthenticatedUser,
    @Param() { workspaceId, dealId }: DealParamsDto,
    @Body() body: AddDealContactDto,
  ) {
    return this.contacts.add(user, workspaceId, dealId, body);
  }

  @Patch(':customerId')
  @ApiRoute({
    operationId: 'updateDealContact',
    summary: "Change a person's role on a deal",
    description: TIMELINE,
    success: {
      status: 200,
      description: 'The contact as it is now.',
      type: DealContactDto,
    },
    problems: {
      ...VALIDATED,
      ...JSON_BODY,
      ...MEMBER_WRITE,
      404: CONTACT_404,
    },
  })
  update(
    @CurrentUser() user: AuthenticatedUser,
    @Param() { workspaceId, dealId, customerId }: DealContactParamsDto,
    @Body() body: UpdateDealContactDto,
  ) {
    return this.contacts.update(user, workspaceId, dealId, customerId, body);
  }

  @Delete(':customerId')
  @HttpCode(204)
  @ApiRoute({
    operationId: 'removeDealContact',
    summary: 'Take a person off a deal',
    description: `The link goes; the person stays. ${TIMELINE}`,
    success: { status: 204, description: 'Off the deal.' },
    problems: { ...VALIDATED, ...MEMBER_WRITE, 404: CONTACT_404 },
  })
  remove(
    @CurrentUser() user: AuthenticatedUser,
    @Param() { workspaceId, dealId, customerId }: DealContactParamsDto,
  ) {
    return this.contacts.remove(user, workspaceId, dealId, customerId);
  }
}
