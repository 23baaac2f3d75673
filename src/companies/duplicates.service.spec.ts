import type { AuthenticatedUser } from '../auth/authenticated-user';
import { automock } from '../testing/automock';
import { DuplicatesQueryDto } from './dto/duplicates-query.dto';
import { DuplicatesRepository } from './duplicates.repository';
import { DuplicatesService } from './duplicates.service';

const USER = { id: 'u1', accessToken: 't' } as AuthenticatedUser;
const query = (fields: Partial<DuplicatesQueryDto>) =>
  Object.assign(new DuplicatesQueryDto(), fields);

describe(DuplicatesService.name, () => {
  let repository: jest.Mocked<DuplicatesRepository>;
  let sut: DuplicatesService;

  beforeEach(() => {
    repository = automock(DuplicatesRepository);
    repository.page.mockResolvedValue({
      data: [],
      total: 45,
      total_exact: true,
      has_more: true,
    });
    sut = new DuplicatesService(repository);
  });

  it('reads page 1 of 20 unless asked, and answers page meta with the total', async () => {
    const page = await sut.page(USER, 'customers', 'w1', query({}));
    expect(repository.page).toHaveBeenCalledWith(USER, 'customers', 'w1', {
      limit: 20,
      offset: 0,
    });
    expect(page.meta).toEqual({
      page: 1,
      limit: 20,
      total: 45,
      total_exact: true,
      has_more: true,
    });
  });

  it('turns a page number into an offset', async () => {
    await sut.page(USER, 'companies', 'w1', query({ page: 3, limit: 10 }));
    expect(repository.page).toHaveBeenCalledWith(USER, 'companies', 'w1', {
      limit: 10,
      offset: 20,
    });
  });
});
