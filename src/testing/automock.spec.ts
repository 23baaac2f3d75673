import { automock } from './automock';

class Base {
  inherited(): string {
    return 'base';
  }
}

class Repository extends Base {
  readonly field = 'kept out';

  find(id: string): Promise<string> {
    return Promise.resolve(id);
  }

  get computed(): string {
    return 'getter';
  }
}

describe(automock.name, () => {
  it('fails every call the spec did not set up, naming the method', () => {
    const repository = automock(Repository);
    expect(() => repository.find('x')).toThrow('not mocked: Repository.find');
    expect(() => repository.inherited()).toThrow(
      'not mocked: Repository.inherited',
    );
  });

  it('answers what the spec sets, and records the call', async () => {
    const repository = automock(Repository);
    repository.find.mockResolvedValue('found');
    await expect(repository.find('x')).resolves.toBe('found');
    expect(repository.find).toHaveBeenCalledWith('x');
  });

  it('doubles methods only, not fields or getters', () => {
    expect(Object.keys(automock(Repository)).sort()).toEqual([
      'find',
      'inherited',
    ]);
  });
});
