/**
 * Accumulates many small strings and joins them once. Pieces are first joined into
 * blocks of about 64 KB so a 256 MB context is a few thousand strings, not millions, when
 * the final join runs; repeated `+=` on one string would copy quadratically.
 */
export class ChunkBuilder {
  private readonly blocks: string[] = [];
  private pieces: string[] = [];
  private pieceChars = 0;
  length = 0;

  push(piece: string): void {
    this.pieces.push(piece);
    this.pieceChars += piece.length;
    this.length += piece.length;
    if (this.pieceChars >= 65_536) this.flush();
  }

  finish(): string {
    this.flush();
    return this.blocks.join("");
  }

  private flush(): void {
    if (this.pieces.length === 0) return;
    this.blocks.push(this.pieces.join(""));
    this.pieces = [];
    this.pieceChars = 0;
  }
}
