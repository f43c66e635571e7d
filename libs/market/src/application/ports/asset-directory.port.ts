/** The wallet's asset list, as the market needs it: does an asset exist, and its decimals. */
export abstract class AssetDirectory {
  abstract decimalsOf(code: string): Promise<number | undefined>;
}
