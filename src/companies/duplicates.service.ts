import { Injectable } from '@nestjs/common';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { pageSize } from '../common/list-page';
import type {
  CompanyDuplicatePageDto,
  CustomerDuplicatePageDto,
} from './dto/duplicate.dto';
import type { DuplicatesQueryDto } from './dto/duplicates-query.dto';
import {
  DuplicatesRepository,
  type DuplicateKind,
  type DuplicateRow,
} from './duplicates.repository';

interface DuplicatePages {
  companies: CompanyDuplicatePageDto;
  customers: CustomerDuplicatePageDto;
}

@Injectable()
export class DuplicatesService {
  constructor(private readonly duplicates: DuplicatesRepository) {}

  /** A page of candidate pairs, best first, with the total. */
  async page<Kind extends DuplicateKind>(
    user: AuthenticatedUser,
    kind: Kind,
    workspaceId: string,
    query: DuplicatesQueryDto,
  ): Promise<DuplicatePages[Kind]> {
    const page = query.page ?? 1;
    const limit = pageSize('duplicates', query.limit);
    const result = await this.duplicates.page(user, kind, workspaceId, {
      limit,
      offset: (page - 1) * limit,
    });
    const data: DuplicateRow[Kind][] = result.data;
    return {
      data,
      meta: {
        page,
        limit,
        total: result.total ?? 0,
        total_exact: result.total_exact,
        has_more: result.has_more,
      },
    } as DuplicatePages[Kind];
  }
}
