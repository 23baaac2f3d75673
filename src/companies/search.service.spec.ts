import { BadRequestException } from '@nestjs/common';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { automock } from '../testing/automock';
import type { SearchResultDto } from './dto/search-result.dto';
import { SearchQueryDto } from './dto/search-query.dto';
import { SearchRepository } from './search.repository';
import { SearchService } from './search.service';

const USER = { id: 'u1', accessToken: 't' } as AuthenticatedUser;
const none = { data: [], total: 0, total_exact: true };
const EMPTY = { people: none, companies: none, deals: none } as SearchResultDto;
const query = (fields: Partial<SearchQueryDto>) =>
  Object.assign(new SearchQueryDto(), fields);

describe(SearchService.name, () => {
  let repository: jest.Mocked<SearchRepository>;
  let sut: SearchService;

  beforeEach(() => {
    repository = automock(SearchRepository);
    sut = new SearchService(repository);
  });

  it('searches the trimmed text, 5 of each kind unless asked', async () => {
    repository.search.mockResolvedValue(EMPTY);
    await sut.search(USER, 'w1', query({ q: '  acme ' }));
    expect(repository.search).toHaveBeenCalledWith(USER, 'w1', 'acme', 5);
    await sut.search(USER, 'w1', query({ q: 'acme', limit: 20 }));
    expect(repository.search).toHaveBeenLastCalledWith(USER, 'w1', 'acme', 20);
  });

  it('refuses a text under 3 characters once trimmed, without asking the database', () => {
    expect(() => sut.search(USER, 'w1', query({ q: '  ab  ' }))).toThrow(
      BadRequestException,
    );
    expect(repository.search).not.toHaveBeenCalled();
  });
});
