import { createValidationPipe } from '../http/validation.pipe';
import { RequestValidationError } from '../http/request-validation.error';
import { RiskQueryDto } from './portfolio-risk.dto';

describe('GET /portfolio/risk query', () => {
  const pipe = createValidationPipe();
  const parse = (query: Record<string, string>) => pipe.transform(query, { type: 'query', metatype: RiskQueryDto, data: '' });

  it.each(['30', '90', '180', '365'])('takes window=%s as a number of days', async (window) => {
    expect(await parse({ window })).toEqual(Object.assign(new RiskQueryDto(), { window: Number(window) }));
  });

  it('defaults the window in the handler call (absent here)', async () => {
    expect((await parse({})) as RiskQueryDto).toEqual(new RiskQueryDto());
  });

  it.each(['7', '0', '-30', 'abc', '90d', '', '1e2'])('refuses window=%p', async (window) => {
    await expect(parse({ window })).rejects.toBeInstanceOf(RequestValidationError);
  });

  it('refuses an unknown field', async () => {
    await expect(parse({ days: '30' })).rejects.toBeInstanceOf(RequestValidationError);
  });
});
