#!/usr/bin/python3
"""Generates FloatGemmOps.java and DoubleGemmOps.java, the per-type leaves of the GEMM.

The micro-kernel is the one piece of the GEMM that cannot be written once over the element type:
the Vector API has no lane-type-generic load or broadcast that C2 compiles without boxing, and
24 named accumulators cannot be an array (C2 would not keep them in registers). So it is
generated, once per element type and per A layout, from the code templates below, into the class
template at the end of this file (the small leaves around the kernels, written once with the lane
type as a placeholder). Edit the templates, then run:
    python3 engine/codegen/gemm_microkernels.py
"""
import os
from string import Template

MR = 12
HERE = os.path.dirname(os.path.abspath(__file__))
KERNEL_DIR = os.path.join(HERE, "../src/main/java/dev/tussle/engine/kernel")

# Heights of the exact-height kernels for a row panel shorter than MR (the last panel of A, or a
# product with m < MR): a panel of h rows runs as a sum of these, largest first, so no zero row is
# multiplied (for m = 2 the MR-row kernel wasted 10 of 12 rows).
SHORT_HEIGHTS = (8, 4, 2, 1)

# How a kernel reads A (the broadcast value of row r at depth p) and what it sets up before the
# k-loop. The index is written from the loop counter p, so that with a constant step C2 proves the
# loads in range once per loop instead of checking each one per k-step (range-check elimination):
# with the checks left in, 500×50 @ 50×50 ran at 115 GFLOPS, with them hoisted at 133.
#   rows:    rows of A at ai + r*ars, consecutive p (A read in place, not transposed);
#   packed:  a packed micro-panel, a[ai + p*MR + r];
#   unit:    A read in place transposed, a[ai + p*aps + r] (aps is not a constant, so A's checks
#            stay in the loop; B's, packed, are hoisted);
#   strided: any ars and aps (the short-panel kernels, which serve all three).
def a_reader(layout, mr):
    if layout == "rows":
        setup = [f"        int row{r} = ai + {r} * ars;" for r in range(1, mr)]
        return setup, lambda r: "ai + p" if r == 0 else f"row{r} + p"
    if layout == "packed":
        return [], lambda r: f"ai + p * {MR}" + (f" + {r}" if r else "")
    if layout == "unit":
        return [], lambda r: "ai + p * aps" + (f" + {r}" if r else "")
    return [], lambda r: "ai + p * aps" + (f" + {r} * ars" if r else "")

def tile_lines(V, S, mr, vectors, a_index):
    """The k-step body (one broadcast of A per row, one FMA per accumulator) and the add-to-C and
    store lines of the first two vectors of each row, shared by every register tile."""
    body, adds, stores = [], [], []
    for r in range(mr):
        body.append(f"            {V} a{r} = {V}.broadcast({S}, a[{a_index(r)}]);")
        body.extend(f"            c{r}{v} = a{r}.fma(b{v}, c{r}{v});" for v in range(vectors))
        off = "ci" if r == 0 else f"ci + {r} * ldc"
        adds.append(f"            c{r}0 = c{r}0.add({V}.fromArray({S}, c, {off}));")
        adds.append(f"            c{r}1 = c{r}1.add({V}.fromArray({S}, c, {off} + W));")
        stores.append(f"        c{r}0.intoArray(c, {off});")
        stores.append(f"        c{r}1.intoArray(c, {off} + W);")
    return body, adds, stores

def k_loop(V, S, body, panels, step, indent="", vectors=None):
    """The k-loop over B micro-panels starting at each of `panels` (two vectors each; only the
    first `vectors` of them loaded when given), B's rows `step` apart; every line shifted right
    by `indent`."""
    loads = []
    for i, base in enumerate(panels):
        loads.append(f"            {V} b{2 * i} = {V}.fromArray({S}, b, {base} + p * {step});")
        if vectors is None or 2 * i + 1 < vectors:
            loads.append(f"            {V} b{2 * i + 1} = {V}.fromArray({S}, b, {base} + p * {step} + W);")
    lines = ["        for (int p = 0; p < kc; p++) {"] + loads + body + ["        }"]
    return "\n".join(indent + line for line in lines)

def b_loops(V, S, body, panels=("bi",)):
    """The k-loop twice: for a packed B (rows NR apart, a constant, so its checks are hoisted too)
    and for B read in place (rows bps apart)."""
    return "\n".join(["        if (bps == 2 * W) {",
                      k_loop(V, S, body, panels, "(2 * W)", "    "),
                      "        } else {",
                      k_loop(V, S, body, panels, "bps", "    "),
                      "        }"])

def kernel(t, V, S, name, layout, mr=MR):
    """A 2-vector register tile reading A as `layout` (see a_reader)."""
    accs = ", ".join(f"c{r}0 = z, c{r}1 = z" for r in range(mr))
    setup, a_index = a_reader(layout, mr)
    body, adds, stores = tile_lines(V, S, mr, 2, a_index)
    if layout == "unit":
        doc = f"""    /**
     * {{@link #microKernel}} for A read in place transposed ({{@code ars = 1}}, any {{@code aps}}):
     * the row offsets are constants, as in {{@link #microKernelPacked}}.
     */
    @Override
    void {name}(int kc, {t}[] a, int ai, int aps, {t}[] b, int bi, int bps, {t}[] c, int ci, int ldc, boolean add) {{"""
    elif layout == "packed":
        doc = f"""    /**
     * {{@link #microKernel}} for a packed A micro-panel ({{@code ars = 1}}, {{@code aps = MR}}): with
     * constant offsets C2 keeps every address in one register (the strided form needs eleven
     * row offsets and spills them), 150 → 197 GFLOPS in isolation on this machine.
     */
    @Override
    void {name}(int kc, {t}[] a, int ai, {t}[] b, int bi, int bps, {t}[] c, int ci, int ldc, boolean add) {{"""
    elif layout == "strided":
        doc = f"""    /** {{@link #microKernel}} for exactly {mr} row{"s" if mr > 1 else ""} of A (a row panel shorter than MR), any layout of A. */
    private static void {name}(int kc, {t}[] a, int ai, int ars, int aps, {t}[] b, int bi, int bps,
                     {t}[] c, int ci, int ldc, boolean add) {{"""
    else:
        doc = f"""    @Override
    void {name}(int kc, {t}[] a, int ai, int ars, {t}[] b, int bi, int bps,
                     {t}[] c, int ci, int ldc, boolean add) {{"""
    loop = b_loops(V, S, body) if layout != "strided" else k_loop(V, S, body, ("bi",), "bps")
    nl = "\n"
    return f"""{doc}
        {V} z = {V}.zero({S});
        {V} {accs};
{nl.join(setup + [loop])}
        // Written out rather than in a helper: C2 stops inlining in a method this large, and a
        // vector passed to a call that is not inlined is boxed.
        if (add) {{
{nl.join(adds)}
        }}
{nl.join(stores)}
    }}
"""

def short_dispatch(t):
    cases = "\n".join(f"            case {h} -> microKernel{h}Rows(kc, a, ai, ars, aps, b, bi, bps, c, ci, ldc, add);"
                      for h in SHORT_HEIGHTS)
    return f"""    @Override
    void microKernelRows(int rows, int kc, {t}[] a, int ai, int ars, int aps, {t}[] b, int bi, int bps,
                         {t}[] c, int ci, int ldc, boolean add) {{
        switch (rows) {{
{cases}
            default -> throw new IllegalArgumentException("microKernelRows: no kernel of " + rows + " rows");
        }}
    }}
"""

# Rows of the wide kernel: 6 rows × 4 vectors is again 24 accumulators, for C with 2-4 vectors of
# columns read with A in place (n = 50: one pass over A instead of two).
WIDE_ROWS = 6

# Heights of the wide kernel for the rows a pass of WIDE_ROWS-row tiles leaves over (m % 6 = 1-5),
# largest first: two 32-column kernels of 2 rows each ran latency-bound (4 chains of FMAs each).
WIDE_SHORT_HEIGHTS = (4, 2, 1)

def wide_tile(V, S, mr, a_index, vectors, adds_to_c=True):
    """Accumulators, k-step body, adds and stores of a wide tile of `vectors` vectors a row (4:
    two whole panels; 3: the second panel's first vector only)."""
    accs = ", ".join(f"c{r}{v} = z" for r in range(mr) for v in range(vectors))
    body, adds, stores = tile_lines(V, S, mr, vectors, a_index)
    # The second panel's sums go to the scratch tile, whole vectors, nothing added.
    to_edge = [f"        c{r}{v}.intoArray(edge, {2 * r + v - 2} * W);" for r in range(mr) for v in range(2, vectors)]
    if mr != WIDE_ROWS:
        return accs, body, adds, stores + to_edge
    # A second panel exactly as wide as the tile's vectors (48 columns beside tail columns, or a
    # whole 32-column panel) is stored in C like the first, edge == null: copying it from the
    # scratch tile cost 3-4 % of a step.
    off = lambda r, v: (f"ci + {v} * W" if r == 0 else f"ci + {r} * ldc + {v} * W")
    direct = [f"            c{r}{v} = c{r}{v}.add({V}.fromArray({S}, c, {off(r, v)}));" for r in range(mr) for v in range(2, vectors)]
    direct = (["            if (add) {"] + ["    " + l for l in direct] + ["            }"]) if adds_to_c else []
    direct += [f"            c{r}{v}.intoArray(c, {off(r, v)});" for r in range(mr) for v in range(2, vectors)]
    stores += ["        if (edge == null) {"] + direct + ["        } else {"] + ["    " + l for l in to_edge] + ["        }"]
    return accs, body, adds, stores

def three(vectors):
    """The name suffix of the tiles whose second panel is one vector wide."""
    return "ThreeVectors" if vectors == 3 else ""

def wide_kernel(t, V, S, E, mr=WIDE_ROWS, layout="rows", vectors=4):
    """Two packed B panels at once, A read in place: its rows ("rows", ars given), or transposed
    ("unit", aps given: the rows a pass of 12-row tiles leaves over, or, with vectors = 3, the
    full-height tiles of a weight gradient xᵀ·G' 33-48 columns wide). With vectors = 3, the
    full-height tile for a second panel one vector wide."""
    setup, a_index = a_reader(layout, mr)
    accs, body, adds, stores = wide_tile(V, S, mr, a_index, vectors)
    if mr == WIDE_ROWS:
        unit = "Unit" if layout == "unit" else ""
        head = f"""    @Override
    void microKernelWide{unit}{three(vectors)}(int kc, {t}[] a, int ai, int {"aps" if unit else "ars"}, {t}[] b, int bi, int bi2,
                         {t}[] c, int ci, int ldc, {t}[] edge, boolean add) {{"""
    else:
        unit = layout == "unit"
        head = f"""    /** {{@link #microKernelWide}} for exactly {mr} row{"s" if mr > 1 else ""}{" of A read transposed" if unit else ""} (rows left over by the full tiles). */
    private static void microKernelWide{"Unit" if unit else ""}{mr}Rows(int kc, {t}[] a, int ai, int {"aps" if unit else "ars"}, {t}[] b, int bi, int bi2,
                                          {t}[] c, int ci, int ldc, {t}[] edge, boolean add) {{"""
    nl = "\n"
    return f"""{head}
        // No masks in here: masked loads and stores made C1 give up on this method ("out of
        // virtual registers"), and a method C1 cannot compile may stay interpreted-slow for good.
        {V} z = {V}.zero({S});
        {V} {accs};
{nl.join(setup + [k_loop(V, S, body, ("bi", "bi2"), "(2 * W)", vectors=vectors)])}
        if (add) {{
{nl.join(adds)}
        }}
{nl.join(stores)}
    }}
"""

def wide_layer_kernel(t, V, S, E, vectors=4):
    """The full-height wide tile of a dense layer's forward product: the k-loop of
    microKernelWide (or its three-vector twin), then the layer's bias and activation in
    registers before the stores (no add to C: one depth block). The same add and formula as
    biasActivation, so the same bits."""
    mr = WIDE_ROWS
    cast = "(float) " if t == "float" else ""
    setup, a_index = a_reader("rows", mr)
    accs, body, _, stores = wide_tile(V, S, mr, a_index, vectors, adds_to_c=False)
    accs_all = [f"c{r}{v}" for r in range(mr) for v in range(vectors)]
    bias = [f"            {V} d{v} = {V}.fromArray({S}, bias, bo + {v} * W);" for v in range(vectors)]
    bias += [f"            c{r}{v} = c{r}{v}.add(d{v});" for r in range(mr) for v in range(vectors)]
    leaky = [f"            case LEAKY_RELU -> {{"] + [f"                {c} = {c}.mul(slope).blend({c}, {c}.compare(VectorOperators.GT, z));"
                                                     for c in accs_all] + ["            }"]
    relu = [f"            case RELU -> {{"] + [f"                {c} = {c}.blend(z, {c}.compare(VectorOperators.LE, z));"
                                               for c in accs_all] + ["            }"]
    nl = "\n"
    return f"""    @Override
    void microKernelWideLayer{three(vectors)}(int kc, {t}[] a, int ai, int ars, {t}[] b, int bi, int bi2,
                              {t}[] c, int ci, int ldc, {t}[] edge, {t}[] bias, int bo, Activation act, double alpha) {{
        {V} z = {V}.zero({S});
        {V} {accs};
{nl.join(setup + [k_loop(V, S, body, ("bi", "bi2"), "(2 * W)", vectors=vectors)])}
        if (bias != null) {{
{nl.join(bias)}
        }}
        {V} slope = {V}.broadcast({S}, {cast}alpha);
        switch (act) {{
            case IDENTITY -> {{
            }}
{nl.join(leaky)}
{nl.join(relu)}
            default -> throw new IllegalArgumentException("microKernelWideLayer{three(vectors)}: activation " + act + " is applied after the store");
        }}
{nl.join(stores)}
    }}
"""

def wide_short_dispatch(t, unit):
    name = "microKernelWideUnit" if unit else "microKernelWide"
    stride = "aps" if unit else "ars"
    cases = "\n".join(f"            case {h} -> {name}{h}Rows(kc, a, ai, {stride}, b, bi, bi2, c, ci, ldc, edge, add);"
                      for h in WIDE_SHORT_HEIGHTS)
    return f"""    @Override
    void {name}Rows(int rows, int kc, {t}[] a, int ai, int {stride}, {t}[] b, int bi, int bi2,
                             {t}[] c, int ci, int ldc, {t}[] edge, boolean add) {{
        switch (rows) {{
{cases}
            default -> throw new IllegalArgumentException("{name}Rows: no kernel of " + rows + " rows");
        }}
    }}
"""

def dot_group(t, V, S, rows, cols, levels):
    """The body of matVec's loop over a group of `rows` rows of A (contiguous, `ars` apart) and
    `cols` columns of op(B) (at bi, bi2): per row and column W lane sums along the depth, the
    depth past the last whole vector in the lanes too (A's chunk loaded whole with the lanes past
    k zeroed, op(B)'s chunks zero-padded once a call in lanes[W, 3W)), the lanes added by
    sumLanes' butterfly, then the store: tailColumns' bits.
    A row's and a column's arithmetic is the same in any group (rows × cols only share loads)."""
    acc = (lambda r, c: f"acc{r}{c}") if cols > 1 else (lambda r, c: f"acc{r}")
    tot = (lambda r, c: f"s{r}{c}") if cols > 1 else (lambda r, c: f"s{r}")
    col = lambda c: "bi" if c == 0 else "bi2"
    cells = [(r, c) for r in range(rows) for c in range(cols)]
    lines = ["int r0 = ao + i * ars;"] + [f"int r{r} = r{r - 1} + ars;" for r in range(1, rows)]
    if rows == 1:
        # Chosen before any vector exists (the zero and the mask too are made where used): a
        # call while vectors are live boxes them, and the multiply-adds after it ran in Java
        # (float64: 2.7 KB a GAN step).
        lines += [f"{t}[] src = a;", "int from = r0 + bound;", "if (bound < k && from > a.length - W) {",
                  "    lastChunk(a, from, k - bound, lanes, 0);", "    src = lanes;", "    from = 0;", "}"]
    lines.append(f"{V} {acc(0, 0)} = {V}.zero({S});")
    lines += [f"{V} {acc(r, c)} = {acc(0, 0)};" for r, c in cells[1:]]
    # A scalar tail after the lane sums put the butterfly's latency and a chain of scalar
    # multiply-adds in every row's path (500×50 @ 50×1: 3.9 µs against 2.7 with depth 48).
    # The chunk is a whole vector's load with the lanes past k zeroed (what a masked load
    # gives): groups run only while their last chunks fit in a, and a lone row copies a chunk
    # that does not into scratch. A masked load running past the end of a checks every lane
    # (it made the whole call 3-4× slower: 500×50 @ 50×1 with A exactly 25,000 long 8.3 µs,
    # 2.2 with A longer), and in the GAN step C2 compiled some of matVec's masked loads as
    # calls (PrintInlining: loadMasked, "callee is too large"), whose multiply-adds then ran
    # in Java (72-110 KB allocated a step).
    def chunk(masked):
        b_at = (lambda c: f"lanes, {c + 1} * W") if masked else (lambda c: f"b, {col(c)} + p")
        chunk_lines = [f"    {V} b{c} = {V}.fromArray({S}, {b_at(c)});" for c in range(cols)]
        for r in range(rows):
            if not masked:
                load = f"{V}.fromArray({S}, a, r{r} + p)"
            elif rows == 1:
                load = f"{V}.zero({S}).blend({V}.fromArray({S}, src, from), {S}.indexInRange(p, k))"
            else:
                load = f"zero.blend({V}.fromArray({S}, a, r{r} + p), last)"
            chunk_lines.append(f"    {V} x{r} = {load};")
            chunk_lines += [f"    {acc(r, c)} = x{r}.fma(b{c}, {acc(r, c)});" for c in range(cols)]
        return chunk_lines
    lines += depth_loop(chunk, "", "bound").split("\n")
    # sumLanes' butterfly written out: as a call it was not always inlined (in matVecRows'
    # float64 rows), and each accumulator passed to it was boxed.
    for r, c in cells:
        lines += butterfly_steps(acc(r, c), levels)
        lines.append(f"{t} {tot(r, c)} = {acc(r, c)}.lane(0);")
    for r in range(rows):
        lines.append(f"int o{r} = ci + {'i' if r == 0 else f'(i + {r})'} * ldc;")
        for c in range(cols):
            o = f"o{r}" if c == 0 else f"o{r} + {c}"
            lines.append(f"c[{o}] = add ? c[{o}] + {tot(r, c)} : {tot(r, c)};")
    return "\n".join("            " + l for l in lines)

SHALLOW = 4

def activation(var, indent):
    """Applies the (non-transcendental) activation `act` to vector `var` in place, written out: a
    helper method taking vectors was not always inlined by C2 (a vector passed to a call that is
    not inlined is boxed), and costed 3 % of a GAN step when it was not. The formulas are
    biasActivation's, so every path gives the same bits; IDENTITY leaves `var` as it is."""
    lines = ["if (act == Activation.LEAKY_RELU) {",
             f"    {var} = {var}.mul(slope).blend({var}, {var}.compare(VectorOperators.GT, zero));",
             "} else if (act == Activation.RELU) {",
             f"    {var} = {var}.blend(zero, {var}.compare(VectorOperators.LE, zero));",
             "}"]
    return "\n".join(indent + l for l in lines)

def shallow_kernel(t, V, S, E):
    """Rows of C for a product of depth k <= SHALLOW (see GemmElementOps.shallowRows): one method
    per depth, A's k values of a row broadcast once and the k-step unrolled (a loop over p per
    output vector ran at 10 cycles a vector); the layer's bias and activation applied in registers
    before the one store."""
    cast = "(float) " if t == "float" else ""
    def depth(d):
        bcast = "\n".join(f"            {V} a{p} = {V}.broadcast({S}, a[ar{'' if p == 0 else f' + {p} * aps'}]);"
                          for p in range(d))
        def chain(mask):
            # The partial vector's B rows are the same for every row of C: loaded once (tb0...).
            lines = [f"acc = a{p}.fma(" + (f"tb{p}" if mask else f"{V}.fromArray({S}, b, bi{'' if p == 0 else f' + {p} * ldb'} + j)")
                     + ", " + ("zero" if p == 0 else "acc") + ");" for p in range(d)]
            return [lines[0].replace("acc = ", f"{V} acc = ")] + lines[1:]
        tail_b = "\n".join(f"        {V} tb{p} = partial ? {V}.fromArray({S}, b, bi{'' if p == 0 else f' + {p} * ldb'} + full, valid) : zero;"
                           for p in range(d))
        ind = "                "
        whole = "\n".join(ind + l for l in chain(False))
        tail = "\n".join(ind + l for l in chain(True))
        return f"""    private static void shallowRows{d}(int i0, int i1, {t}[] a, int ao, int ars, int aps, {t}[] b, int bi, int ldb,
                                       {t}[] c, int ci, int ldc, int cols, boolean add,
                                       {t}[] bias, int bo, Activation act, double alpha) {{
        {V} zero = {V}.zero({S});
        {V} slope = {V}.broadcast({S}, {cast}alpha);
        int full = cols - cols % W;
        boolean partial = full < cols;
        VectorMask<{E}> valid = {S}.indexInRange(full, cols);
        // Masked loads hoisted out of the row loop: one running past the end of B or of the bias
        // (D's first layer: B 2×100, bias 100) checks every lane, and did at every row
        // (500×2 @ 2×100 + bias + leaky ReLU: 8.5-8.7 -> 7.4-8.2 µs).
{tail_b}
        {V} tbias = partial && bias != null ? {V}.fromArray({S}, bias, bo + full, valid) : zero;
        for (int i = i0; i < i1; i++) {{
            int ar = ao + i * ars;
            int cr = ci + i * ldc;
{bcast}
            int j = 0;
            for (; j < full; j += W) {{
{whole}
                if (add) {{
                    acc = acc.add({V}.fromArray({S}, c, cr + j));
                }}
                if (bias != null) {{
                    acc = acc.add({V}.fromArray({S}, bias, bo + j));
                }}
{activation("acc", "                ")}
                acc.intoArray(c, cr + j);
            }}
            if (j < cols) {{
{tail}
                if (add) {{
                    acc = acc.add({V}.fromArray({S}, c, cr + j, valid));
                }}
                if (bias != null) {{
                    acc = acc.add(tbias);
                }}
{activation("acc", "                ")}
                acc.intoArray(c, cr + j, valid);
            }}
        }}
    }}
"""
    cases = "\n".join(f"            case {d} -> shallowRows{d}(i0, i1, a, ao, ars, aps, b, bi, ldb, c, ci, ldc, cols, add, bias, bo, act, alpha);"
                      for d in range(1, SHALLOW + 1))
    return f"""    @Override
    void shallowRows(int i0, int i1, int k, {t}[] a, int ao, int ars, int aps, {t}[] b, int bi, int ldb,
                     {t}[] c, int ci, int ldc, int cols, boolean add, {t}[] bias, int bo, Activation act, double alpha) {{
        switch (k) {{
{cases}
            default -> throw new IllegalArgumentException("shallowRows: no kernel of depth " + k);
        }}
    }}

""" + "\n".join(depth(d) for d in range(1, SHALLOW + 1))

def epilogue(t, V, S, E):
    cast = "(float) " if t == "float" else ""
    return f"""    @Override
    void biasActivation({t}[] c, int off, int ldc, int rows, {t}[] bias, int biasOff, int n, Activation act,
                        double alpha) {{
        // Typed vectors here, not VectorKernels' lane-type-generic formulas: those are shared by
        // float and double call sites, and the polluted type profile kept C2 from intrinsifying
        // them (the fused layer was slower than the unfused one). The tail runs the same formula
        // under a mask, so a column gets the same bits wherever the tile edge falls.
        if (act.op() != null && act.op().transcendental()) {{
            throw new IllegalArgumentException("biasActivation: " + act + " is applied by strictMap, not here");
        }}
        {t} scalarSlope = {cast}alpha;
        if (n < W) {{
            // Rows narrower than a vector (a dense layer with 1 or 2 outputs): the formula one
            // element at a time. A masked vector running past the end of the bias (n long)
            // checked every lane at every row (500×1 layer with bias: 6.8 µs, most of it that).
            for (int r = 0; r < rows; r++, off += ldc) {{
                for (int j = 0; j < n; j++) {{
                    {t} x = bias != null ? c[off + j] + bias[biasOff + j] : c[off + j];
                    if (act == Activation.LEAKY_RELU) {{
                        x = x > 0 ? x : x * scalarSlope;
                    }} else if (act == Activation.RELU) {{
                        x = x <= 0 ? 0 : x;
                    }}
                    c[off + j] = x;
                }}
            }}
            return;
        }}
        {V} slope = {V}.broadcast({S}, scalarSlope);
        {V} zero = {V}.zero({S});
        int full = n - n % W;
        VectorMask<{E}> valid = {S}.indexInRange(full, n);
        // The bias's partial vector loaded once, not at every row (the lane-by-lane check again).
        {V} biasTail = bias != null && full < n ? {V}.fromArray({S}, bias, biasOff + full, valid) : zero;
        // Rows in this method, not a helper taking the broadcast vectors: a vector argument to a
        // call that is not inlined is boxed.
        for (int r = 0; r < rows; r++, off += ldc) {{
            int j = 0;
            for (; j < full; j += W) {{
                {V} v = {V}.fromArray({S}, c, off + j);
                if (bias != null) {{
                    v = v.add({V}.fromArray({S}, bias, biasOff + j));
                }}
{activation("v", "                ")}
                v.intoArray(c, off + j);
            }}
            if (j < n) {{
                {V} v = {V}.fromArray({S}, c, off + j, valid);
                if (bias != null) {{
                    v = v.add(biasTail);
                }}
{activation("v", "                ")}
                v.intoArray(c, off + j, valid);
            }}
        }}
    }}
"""

# The class around the generated kernels: $t is the element type, $T its box, $V its vector
# class, $S the species field, $zero a zero literal, $lanes the lanes per 512-bit vector, $twin
# the other type.
def depth_loop(chunk, indent, bound="full"):
    """Whole vectors of depth (up to `bound`), then the last partial one: `chunk(masked)` gives
    each's lines."""
    return "\n".join([f"{indent}int p = 0;", f"{indent}for (; p < {bound}; p += W) {{"] + chunk(False)
                     + [f"{indent}}}", f"{indent}if (p < k) {{"] + chunk(True) + [f"{indent}}}"])

def butterfly_steps(v, levels):
    """Lines adding each lane of vector `v` to lane i^h for h = W/2 ... 1 (sumLanes' order)."""
    return [f"{v} = {v}.add({v}.rearrange(BUTTERFLY_{l}));" for l in range(levels)]

def joint_reduce(group, levels, indent):
    """Lines reducing accumulators s0..s{group-1} (W/2 of them) into s0 by a butterfly per level
    whose halves are blended: each sum ends in two neighbouring lanes, at lane_of(x), by the
    tree sumLanes builds (at every level lane j is added to lane j^h), so the same bits."""
    lines = []
    for l in range(levels - 1):
        step = 1 << l
        for x in range(0, group, 2 * step):
            y = x + step
            # [x_lo | y_hi] + swap([y_lo | x_hi]): each lane adds the lane h away as a butterfly
            # on x and on y would (same operands, same order), with one shuffle, not two.
            lines.append(f"{indent}s{x} = s{x}.blend(s{y}, TAIL_HIGH_{l}).add(s{y}.blend(s{x}, TAIL_HIGH_{l}).rearrange(BUTTERFLY_{l}));")
    # The last level within the one vector left: each sum in two neighbouring lanes.
    lines.append(f"{indent}s0 = s0.add(s0.rearrange(BUTTERFLY_{levels - 1}));")
    return lines

def lane_of(x, lanes):
    """The lane where joint_reduce leaves accumulator x's sum."""
    levels = lanes.bit_length() - 1
    return sum((lanes >> (l + 1)) for l in range(levels - 1) if x >> l & 1)

def tail_kernels(t, V, S, T, lanes):
    """Gemm.tailColumns' leaf: C's last 1-2 columns of a row-major A as dot products with lanes
    along the depth, W/2 accumulators (rows x columns) reduced together: a butterfly per level
    whose halves are blended, the last level within the one vector left, so that each sum ends
    in two neighbouring lanes (W accumulators made the kernel too large for C1). Each sum's tree
    is the one sumLanes builds (at every level lane j is added to lane j^h), so a row gives the
    same bits in a group or alone (the rows a group leaves over)."""
    levels = lanes.bit_length() - 1
    masks = "\n".join(
        f"    private static final VectorMask<{T}> TAIL_HIGH_{l} = VectorMask.fromLong({S}, 0x{sum(1 << j for j in range(lanes) if j & (lanes >> (l + 1))):X}L);"
        for l in range(levels - 1))
    out = [f"""    /** Lanes whose bit W/2^(l+1) is set: the second accumulator's half after level l of the joint butterfly. */
{masks}

    /**
     * A finished sum with the layer's epilogue, the formula of {{@link #biasActivation}} in one
     * lane (so the same bits): {{@code kind}} 0 nothing, 1 the bias added, 2 the bias then ReLU,
     * 3 the bias then leaky ReLU (a null bias passed as 0, which adds exactly nothing to a sum
     * but -0: hence kind 0 and 1 apart).
     */
    private static {t} finish({t} v, {t} bias, int kind, {t} slope) {{
        {t} x = kind == 0 ? v : v + bias;
        return kind == 2 ? (x <= 0 ? 0 : x) : kind == 3 ? (x > 0 ? x : x * slope) : x;
    }}

    @Override
    void tailColumns(int i0, int i1, int k, {t}[] a, int ao, int lda, {t}[] bt, int ldbt,
                     {t}[] c, int ci, int ldc, int cols, boolean add, {t}[] lanes,
                     {t}[] bias, int bo, Activation act, double alpha) {{
        if (act != Activation.IDENTITY && act != Activation.RELU && act != Activation.LEAKY_RELU) {{
            throw new IllegalArgumentException("tailColumns: activation " + act + " is applied after the store");
        }}
        switch (cols) {{
            case 1 -> tailColumns1(i0, i1, k, a, ao, lda, bt, ldbt, c, ci, ldc, add, lanes, bias, bo, act, ({t}) alpha);
            case 2 -> tailColumns2(i0, i1, k, a, ao, lda, bt, ldbt, c, ci, ldc, add, lanes, bias, bo, act, ({t}) alpha);
            default -> throw new IllegalArgumentException("tailColumns: 1 or 2 columns, got " + cols);
        }}
    }}
"""]
    # W/2 sums a group (not W): with W accumulators the kernel was too large for C1 ("out of
    # virtual registers"), which then left it to the interpreter.
    group = lanes // 2
    for cols in (1, 2):
        rows = group // cols
        accs = ", ".join(f"s{x} = z" for x in range(group))
        def chunk(masked):
            lines = [f"                    {V} b{j} = {V}.fromArray({S}, bt, {f'{j} * ldbt + ' if j else ''}p);" for j in range(cols)]
            for r in range(rows):
                load = f"{V}.fromArray({S}, a, r{r} + p{', last' if masked else ''})"
                lines.append(f"                    {V} x{r} = {load};")
                lines += [f"                    s{cols * r + j} = x{r}.fma(b{j}, s{cols * r + j});" for j in range(cols)]
            return lines
        reduce = joint_reduce(group, levels, "            ")
        # Each group's reduced vector is stored to scratch, its epilogue applied there in vector
        # form, and C written from scratch after a run of groups: extracting lanes and a scalar
        # epilogue right after the butterfly put its whole latency (and a mispredicted branch per
        # leaky ReLU) in every group's path, and a reload right after the store stalled on store
        # forwarding (session 11).
        stores = []
        for x in range(group):
            r, j = divmod(x, cols)
            lane = lane_of(x, lanes)
            o = f"ci + (i + {r}) * ldc + {j}" if r else f"ci + i * ldc + {j}"
            stores.append(f"                c[{o}] = add ? finish(c[{o}] + lanes[g + {lane}], bias == null ? 0 : bias[bo + {j}], kind, slope) : lanes[g + {lane}];")
        nl = "\n"
        single = [f"                {V} t{j} = {V}.zero({S});" for j in range(cols)]
        single_chunk = lambda masked: ([f"                    {V} x = {V}.fromArray({S}, a, row + p{', last' if masked else ''});"]
                                       + [f"                    t{j} = x.fma({V}.fromArray({S}, bt, {f'{j} * ldbt + ' if j else ''}p), t{j});" for j in range(cols)])
        single_stores = [f"                c[ci + i * ldc + {j}] = finish(add ? c[ci + i * ldc + {j}] + sumLanes(t{j}, lanes, 0) : sumLanes(t{j}, lanes, 0), bias == null ? 0 : bias[bo + {j}], kind, slope);" for j in range(cols)]
        # Lanes below W/2 hold column 0's sums, the others column 1's (the first level's blend).
        bias_lanes = (f"{V}.broadcast({S}, bias == null ? 0 : bias[bo]).blend({V}.broadcast({S}, bias == null ? 0 : bias[bo + 1]), TAIL_HIGH_0)"
                      if cols == 2 else f"{V}.broadcast({S}, bias == null ? 0 : bias[bo])")
        out.append(f"""    /** {{@link #tailColumns}} for {cols} column{"s" if cols > 1 else ""}: {rows} rows a group. */
    private static void tailColumns{cols}(int i0, int i1, int k, {t}[] a, int ao, int lda, {t}[] bt, int ldbt,
                                     {t}[] c, int ci, int ldc, boolean add, {t}[] lanes,
                                     {t}[] bias, int bo, Activation act, {t} slope) {{
        int full = k - k % W;
        VectorMask<{T}> last = {S}.indexInRange(full, k);
        {V} z = {V}.zero({S});
        int kind = act == Activation.RELU ? 2 : act == Activation.LEAKY_RELU ? 3 : bias != null ? 1 : 0;
        {V} biasLanes = {bias_lanes};
        {V} zero = z;
        int slots = lanes.length / W;
        int i = i0;
        while (i + {rows} <= i1) {{
            int groups = Math.min((i1 - i) / {rows}, slots);
            for (int g = 0; g < groups * W; g += W) {{
                int base = ao + (i + g / W * {rows}) * lda;
{nl.join(f"                int r{r} = base + {r} * lda;" for r in range(rows))}
                {V} {accs};
{depth_loop(chunk, "                ")}
{nl.join("    " + l for l in reduce)}
                if (!add) {{
                    if (kind != 0) {{
                        s0 = s0.add(biasLanes);
                    }}
{activation("s0", "                    ")}
                }}
                s0.intoArray(lanes, g);
            }}
            for (int g = 0; g < groups * W; g += W, i += {rows}) {{
{nl.join(stores)}
            }}
        }}
        for (; i < i1; i++) {{
            int row = ao + i * lda;
{nl.join(single)}
{depth_loop(single_chunk, "            ")}
{nl.join(single_stores)}
        }}
    }}
""")
    return "\n".join(out)

def unit_tail_kernel(t, V, S, T):
    """Gemm's unitTailColumns leaf: the last 1-2 columns of C = Aᵀ·B, A read transposed in place
    (its rows run along C's rows), lanes along C's rows, 4, 2 or 1 vectors of rows at once (the
    last masked), each element one chain of multiply-adds from zero per KC block of depth, then
    added to C: the register tiles' arithmetic, so the same bits."""
    nl = "\n"
    out = [f"""    @Override
    void unitTailColumns(int i0, int i1, int m, int n, int k, {t}[] a, int ao, {t}[] b, int bo, int j0, int cols,
                         {t}[] c, int co, boolean add, {t}[] lanes) {{
        // As few vectors as cover the rows left (500×15ᵀ @ 500×50: 4 vectors for 15 rows cost 3 µs).
        for (int i = i0; i < i1; i += 4 * W) {{
            int rows = Math.min(4 * W, i1 - i);
            if (rows > 2 * W) {{
                unitTail4(rows, m, n, k, kc, a, ao + i, b, bo + j0, cols, c, co + i * n + j0, add, lanes);
            }} else if (rows > W) {{
                unitTail2(rows, m, n, k, kc, a, ao + i, b, bo + j0, cols, c, co + i * n + j0, add, lanes);
            }} else {{
                unitTail1(rows, m, n, k, kc, a, ao + i, b, bo + j0, cols, c, co + i * n + j0, add, lanes);
            }}
        }}
    }}
"""]
    for vecs in (4, 2, 1):
        accs = ", ".join(f"s{v}{j} = z" for v in range(vecs) for j in range(2))
        masks = "\n".join(f"        VectorMask<{T}> m{v} = {S}.indexInRange({v} * W, rows);" for v in range(vecs))
        body = []
        for v in range(vecs):
            body.append(f"                {V} x{v} = {V}.fromArray({S}, a, ar{f' + {v} * W' if v else ''}, m{v});")
            body += [f"                s{v}{j} = x{v}.fma(b{j}, s{v}{j});" for j in range(2)]
        stores = nl.join(f"            s{v}{j}.intoArray(lanes, {j * vecs + v} * W);" for j in range(2) for v in range(vecs))
        out.append(f"""    /** {{@link #unitTailColumns}} for up to {vecs} vector{"s" if vecs > 1 else ""} of rows of C from {{@code c[ci]}}, A's and B's columns from {{@code ai}} and {{@code bi}}. */
    private static void unitTail{vecs}(int rows, int m, int n, int k, int kc, {t}[] a, int ai, {t}[] b, int bi, int cols,
                                  {t}[] c, int ci, boolean add, {t}[] lanes) {{
        {V} z = {V}.zero({S});
{masks}
        for (int pc = 0; pc < k; pc += kc) {{
            int end = Math.min(k, pc + kc);
            {V} {accs};
            for (int p = pc; p < end; p++) {{
                int ar = ai + p * m;
                {V} b0 = {V}.broadcast({S}, b[bi + p * n]);
                // One column: the second chain multiplies zeros and is not stored.
                {V} b1 = cols == 2 ? {V}.broadcast({S}, b[bi + p * n + 1]) : z;
{nl.join(body)}
            }}
            // Through scratch, as C's rows are n apart: one store a vector, then the lanes.
{stores}
            boolean addC = add || pc > 0;
            for (int r = 0; r < rows; r++) {{
                for (int j = 0; j < cols; j++) {{
                    int o = ci + r * n + j;
                    c[o] = addC ? lanes[j * {vecs} * W + r] + c[o] : lanes[j * {vecs} * W + r];
                }}
            }}
        }}
    }}
""")
    return nl.join(out)

CLASS_TEMPLATE = Template(r'''// Generated by engine/codegen/gemm_microkernels.py from its class template: edit the template and
// rerun the script, not this file (GeneratedGemmKernelsTest fails when the two differ).
package dev.tussle.engine.kernel;

import jdk.incubator.vector.${V};
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * The ${t} leaves of {@link Gemm}: a 12×(2 vectors) register tile on {@link ${V}} (${lanes} lanes with AVX-512).
 * Twelve rows by two vectors is 24 accumulators, two B vectors and one broadcast: all 32 vector
 * registers of AVX-512 without spilling, and C2 compiles each k-step to 24 FMAs. The k loop is
 * deliberately not unrolled by hand (that made C2 spill).
 *
 * <p>This class and its {@code ${twin}} twin are the only per-type code of the GEMM: the Vector
 * API has no lane-type-generic load or broadcast that C2 compiles without boxing. Both are
 * generated from one template ({@code engine/codegen/gemm_microkernels.py}): the register
 * tiles, the shallow-product rows and the bias/activation epilogue from code templates, the
 * small leaves (packing copies, edge-tile stores, matrix–vector rows) from the class template.
 */
final class ${T}GemmOps extends GemmElementOps<${t}[]> {
    static final VectorSpecies<${T}> ${S} = ${V}.SPECIES_PREFERRED;
    private static final int W = ${S}.length();
    /** Elements in a 64-byte cache line. */
    private static final int LINE = 64 / ${bytes};
    /**
     * Shuffles pairing lane i with lane i^h, h = W/2^(l+1) for BUTTERFLY_l, one constant each:
     * C2 folds a static final shuffle, not an element of an array.
     */
${butterfly}

    /** The one instance; it holds no state. */
    static final ${T}GemmOps INSTANCE = new ${T}GemmOps();

    @Override
    void strictMap(${t}[] c, int off, int n, UnaryOp op) {
        VectorKernels.INSTANCE.map(op, 0, c, off, c, off, n);
    }

    private ${T}GemmOps() {
        super(12, 2 * W, 256, 96, 4096);
    }

    @Override
    ${t}[] allocate(int length) {
        return new ${t}[length];
    }

    @Override
    int length(${t}[] array) {
        return array.length;
    }

    @Override
    void zero(${t}[] dst, int from, int to) {
        java.util.Arrays.fill(dst, from, to, ${zero});
    }

    @Override
    void copyStrided(${t}[] src, int sOff, int sStride, ${t}[] dst, int dOff, int dStride, int count) {
        for (int i = 0; i < count; i++) {
            dst[dOff + i * dStride] = src[sOff + i * sStride];
        }
    }

    @Override
    void copyPanelRows(${t}[] src, int sOff, int sStride, ${t}[] dst, int dOff, int rows, int cols) {
        if (cols == 2 * W) {
            for (int r = 0, s = sOff, d = dOff; r < rows; r++, s += sStride, d += 2 * W) {
                ${V}.fromArray(${S}, src, s).intoArray(dst, d);
                ${V}.fromArray(${S}, src, s + W).intoArray(dst, d + W);
            }
            return;
        }
        VectorMask<${T}> lo = ${S}.indexInRange(0, cols);
        VectorMask<${T}> hi = ${S}.indexInRange(W, cols);
        for (int r = 0, s = sOff, d = dOff; r < rows; r++, s += sStride, d += 2 * W) {
            ${V}.fromArray(${S}, src, s, lo).intoArray(dst, d);
            ${V}.fromArray(${S}, src, s + W, hi).intoArray(dst, d + W);
        }
    }

${generated}
    /**
     * The lanes of {@code v} summed by a fixed butterfly (lane i with lane i^h for h = W/2 ... 1),
     * spelled out with explicit shuffles so that the order does not depend on how the JIT
     * compiles it (unlike reduceLanes). {@code lanes} is scratch kept for a future lane-order sum.
     */
    private static ${t} sumLanes(${V} v, ${t}[] lanes, int offset) {
${sum_lanes}
        return v.lane(0);
    }

    @Override
    void touchRows(${t}[] x, int offset, int stride, int rows, int length) {
        // One element per cache line, folded by XOR so the loads do not wait on each other: many
        // misses in flight at once, where the kernels' loads each feed a chain of multiply-adds.
        if (length <= 0) {
            return;
        }
        int bits = 0;
        for (int r = 0; r < rows; r++) {
            int o = offset + r * stride;
            for (int i = 0; i < length; i += LINE) {
                bits ^= ${bits}(x[o + i]);
            }
            bits ^= ${bits}(x[o + length - 1]);
        }
        touched = bits;
    }

    @Override
    void storeTile(${t}[] tile, ${t}[] c, int ci, int ldc, int rows, int cols, boolean add) {
        // Vector copies, masked only where a row ends inside a vector: an edge tile is common for
        // the GAN shapes (n = 50, 100), and a scalar copy of it cost as much as computing it.
        if (cols < W) {
            VectorMask<${T}> part = ${S}.indexInRange(0, cols);
            for (int r = 0; r < rows; r++) {
                int o = ci + r * ldc;
                ${V} v0 = ${V}.fromArray(${S}, tile, r * nr);
                if (add) {
                    v0 = v0.add(${V}.fromArray(${S}, c, o, part));
                }
                v0.intoArray(c, o, part);
            }
            return;
        }
        VectorMask<${T}> hi = ${S}.indexInRange(W, cols);
        for (int r = 0; r < rows; r++) {
            int t = r * nr;
            int o = ci + r * ldc;
            ${V} v0 = ${V}.fromArray(${S}, tile, t);
            ${V} v1 = ${V}.fromArray(${S}, tile, t + W);
            if (add) {
                v0 = v0.add(${V}.fromArray(${S}, c, o));
                v1 = v1.add(${V}.fromArray(${S}, c, o + W, hi));
            }
            v0.intoArray(c, o);
            v1.intoArray(c, o + W, hi);
        }
    }

    @Override
    void matVec(int i0, int i1, int k, ${t}[] a, int ao, int ars, int aps, ${t}[] b, int bi,
                ${t}[] c, int ci, int ldc, boolean add, ${t}[] lanes) {
        if (aps != 1) {
            matVecTransposed(i0, i1, k, a, ao, aps, b, bi, c, ci, ldc, add, lanes);
            return;
        }
        // Rows are contiguous: lane-parallel partial sums per row (the last partial vector of
        // depth too), then the lanes summed by sumLanes; four rows at a time so that the four
        // sums overlap. Each row's arithmetic is the same whether it runs in a group of four or
        // alone. reduceLanes is not used: its order differs between the C2 intrinsic and the
        // interpreted fallback, which would make results depend on JIT state (a 2-thread run
        // differed from a 1-thread one).
        int bound = ${S}.loopBound(k);
        // op(B)'s last chunk zero-padded in lanes[W, 2W), copied before any vector is made.
        lastChunk(b, bi + bound, k - bound, lanes, W);
        VectorMask<${T}> last = ${S}.indexInRange(bound, k);
        ${V} zero = ${V}.zero(${S});
        int i = i0;
        for (; i + 4 <= i1 && (bound == k || ao + (i + 3) * ars + bound <= a.length - W); i += 4) {
${matvec_quad}
        }
        matVecRows(i, i1, k, a, ao, ars, b, bi, c, ci, ldc, add, lanes);
    }

    /**
     * matVec's rows one at a time, with op(B)'s last chunk in lanes[W, 2W): those its groups of
     * four leave, among them the last rows, whose chunks would run past A's end.
     */
    private static void matVecRows(int i0, int i1, int k, ${t}[] a, int ao, int ars, ${t}[] b, int bi,
                                   ${t}[] c, int ci, int ldc, boolean add, ${t}[] lanes) {
        int bound = ${S}.loopBound(k);
        for (int i = i0; i < i1; i++) {
${matvec_one}
        }
    }

    /** matVec with A read transposed: its rows contiguous, as lanes, {@code aps} apart along the depth. */
    private static void matVecTransposed(int i0, int i1, int k, ${t}[] a, int ao, int aps, ${t}[] b, int bi,
                                         ${t}[] c, int ci, int ldc, boolean add, ${t}[] lanes) {
        // A is read transposed (ars == 1): rows are contiguous lanes, so run W rows at once,
        // each lane doing the same sequential fused multiply-adds as the scalar tail below.
        int i = i0;
        for (; i + W <= i1; i += W) {
            ${V} acc = ${V}.zero(${S});
            for (int p = 0; p < k; p++) {
                acc = ${V}.fromArray(${S}, a, ao + i + p * aps).fma(${V}.broadcast(${S}, b[bi + p]), acc);
            }
            if (ldc == 1) {
                if (add) {
                    acc = acc.add(${V}.fromArray(${S}, c, ci + i));
                }
                acc.intoArray(c, ci + i);
            } else {
                // One column of a narrow C: the W results go out one by one.
                acc.intoArray(lanes, 0);
                for (int l = 0; l < W; l++) {
                    int o = ci + (i + l) * ldc;
                    c[o] = add ? c[o] + lanes[l] : lanes[l];
                }
            }
        }
        for (; i < i1; i++) {
            ${t} sum = ${zero};
            for (int p = 0; p < k; p++) {
                sum = Math.fma(a[ao + i + p * aps], b[bi + p], sum);
            }
            c[ci + i * ldc] = add ? c[ci + i * ldc] + sum : sum;
        }
    }

    /**
     * Copies {@code x[from .. from + length)} (less than a vector) to {@code lanes[at ..]},
     * zero-padded to a vector: what a masked load gives, for a chunk where that load would run
     * past the end of x and check every lane.
     */
    private static void lastChunk(${t}[] x, int from, int length, ${t}[] lanes, int at) {
        System.arraycopy(x, from, lanes, at, length);
        java.util.Arrays.fill(lanes, at + length, at + W, ${zero});
    }

    @Override
    void matVecPair(int i0, int i1, int k, ${t}[] a, int ao, int ars, ${t}[] b, int bi, int bi2,
                    ${t}[] c, int ci, int ldc, boolean add, ${t}[] lanes) {
        // Two columns of C from one pass over A's rows, each column's arithmetic that of matVec
        // (lane sums, the butterfly): A is read once instead of twice.
        int bound = ${S}.loopBound(k);
        lastChunk(b, bi + bound, k - bound, lanes, W);
        lastChunk(b, bi2 + bound, k - bound, lanes, 2 * W);
        VectorMask<${T}> last = ${S}.indexInRange(bound, k);
        ${V} zero = ${V}.zero(${S});
        int i = i0;
        for (; i + 2 <= i1 && (bound == k || ao + (i + 1) * ars + bound <= a.length - W); i += 2) {
${matvec_pair}
        }
        if (i < i1) {
            matVec(i, i1, k, a, ao, ars, 1, b, bi, c, ci, ldc, add, lanes);
            matVec(i, i1, k, a, ao, ars, 1, b, bi2, c, ci + 1, ldc, add, lanes);
        }
    }

}
''')

for t, T, S, zero, lanes, twin in (("float", "Float", "F", "0f", 16, "double"),
                                   ("double", "Double", "D", "0.0", 8, "float")):
    V = T + "Vector"
    kernels = (kernel(t, V, S, "microKernel", "rows") + "\n"
               + kernel(t, V, S, "microKernelPacked", "packed") + "\n"
               + kernel(t, V, S, "microKernelUnitRows", "unit") + "\n"
               + short_dispatch(t) + "\n"
               + "".join(kernel(t, V, S, f"microKernel{h}Rows", "strided", h) + "\n" for h in SHORT_HEIGHTS)
               + wide_kernel(t, V, S, T) + "\n"
               + wide_layer_kernel(t, V, S, T) + "\n"
               + wide_kernel(t, V, S, T, vectors=3) + "\n"
               + wide_layer_kernel(t, V, S, T, vectors=3) + "\n"
               + wide_kernel(t, V, S, T, layout="unit", vectors=3) + "\n"
               + tail_kernels(t, V, S, T, lanes) + "\n"
               + unit_tail_kernel(t, V, S, T) + "\n"
               + "".join(wide_short_dispatch(t, unit) + "\n"
                         + "".join(wide_kernel(t, V, S, T, h, "unit" if unit else "rows") + "\n"
                                   for h in WIDE_SHORT_HEIGHTS)
                         for unit in (False, True))
               + shallow_kernel(t, V, S, T) + "\n"
               + epilogue(t, V, S, T))
    path = os.path.join(KERNEL_DIR, f"{T}GemmOps.java")
    with open(path, "w") as out:
        levels = lanes.bit_length() - 1
        butterfly = "\n".join(f"    private static final VectorShuffle<{T}> BUTTERFLY_{l} = VectorShuffle.fromOp({S}, i -> i ^ {lanes >> (l + 1)});"
                              for l in range(levels))
        sum_lanes = "\n".join("        " + l for l in butterfly_steps("v", levels))
        out.write(CLASS_TEMPLATE.substitute(t=t, T=T, V=V, S=S, zero=zero, lanes=lanes, twin=twin,
                                            bytes=4 if t == "float" else 8,
                                            matvec_quad=dot_group(t, V, S, 4, 1, levels),
                                            matvec_one=dot_group(t, V, S, 1, 1, levels),
                                            matvec_pair=dot_group(t, V, S, 2, 2, levels),
                                            bits="Float.floatToRawIntBits" if t == "float" else "(int) Double.doubleToRawLongBits",
                                            generated=kernels, butterfly=butterfly, sum_lanes=sum_lanes))
    print("generated", path)
