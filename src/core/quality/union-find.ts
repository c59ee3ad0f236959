/** Disjoint sets over 0 … n−1 (path halving, union by index): the near-duplicate groups. */
export class UnionFind {
  private readonly parent: Int32Array;

  constructor(n: number) {
    this.parent = new Int32Array(n);
    for (let i = 0; i < n; i++) this.parent[i] = i;
  }

  find(i: number): number {
    const p = this.parent;
    while (p[i] !== i) {
      const up = p[p[i] as number] as number;
      p[i] = up;
      i = up;
    }
    return i;
  }

  /** Joins the sets of a and b; the smaller index stays the root, so groups do not depend on timing. */
  union(a: number, b: number): void {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra < rb) this.parent[rb] = ra;
    else if (rb < ra) this.parent[ra] = rb;
  }
}
