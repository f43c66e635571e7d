import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Instrument, marketNotFound } from '../../domain';
import { InstrumentCatalog } from '../../application/ports';
import { InstrumentEntity } from '../entities/instrument.entity';
import { toInstrument } from './instrument.mapper';

/** Changes made on another instance show up within this long. */
const TTL_MS = 1000;

/**
 * The catalog is small and read on every request (and every order later): it
 * is cached for a second. A change in this process drops the cache at once.
 */
@Injectable()
export class CachedInstrumentCatalog extends InstrumentCatalog {
  private cache: Promise<Map<string, Instrument>> | undefined;
  private loadedAt = 0;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    super();
  }

  async get(symbol: string): Promise<Instrument> {
    const instrument = (await this.load()).get(symbol.toUpperCase());
    if (!instrument) throw marketNotFound(symbol);
    return instrument;
  }

  async all(): Promise<readonly Instrument[]> {
    return [...(await this.load()).values()];
  }

  invalidate(): void {
    this.cache = undefined;
  }

  private load(): Promise<Map<string, Instrument>> {
    // The age counts from when a read finished: a read slower than the TTL (a loaded database) is never
    // dropped and started again by the next caller, which piled reads up under load.
    if (this.cache && this.loadedAt > 0 && Date.now() - this.loadedAt > TTL_MS) this.cache = undefined;
    if (!this.cache) {
      this.loadedAt = 0;
      const loading: Promise<Map<string, Instrument>> = this.dataSource
        .getRepository(InstrumentEntity)
        .find({ order: { symbol: 'ASC' } })
        .then((rows) => {
          if (this.cache === loading) this.loadedAt = Date.now();
          return new Map(rows.map((row) => [row.symbol, toInstrument(row)]));
        });
      loading.catch(() => {
        if (this.cache === loading) this.cache = undefined;
      });
      this.cache = loading;
    }
    return this.cache;
  }
}
