// The locator on C written here in the styles of older and odd kernels: it finds the definition,
// not calls, prototypes, comments or strings, and the body's real end.
import { describe, expect, it } from 'vitest';
import type { KernelAnchor } from '../../src/core/kernel/catalogue/types';
import { scanCSource } from '../../src/core/kernel/cSource';
import { findAnchors } from '../../src/core/kernel/findAnchors';
import { locateFunction } from '../../src/core/kernel/locateFunction';

/** Joins lines so tests can say "line N" by counting array entries from 1. */
const c = (...lines: string[]) => lines.join('\n') + '\n';

describe('locateFunction', () => {
  it('finds a 2.6-style definition with the return type on its own line and a split parameter list', () => {
    const src = scanCSource(
      c(
        '/* queue_push(sk) is described here, not defined */', // 1
        'static int queue_push(struct sock *sk, int flags);', // 2  prototype
        '', // 3
        'static void helper(struct sock *sk)', // 4
        '{', // 5
        '\tqueue_push(sk, 0);', // 6  call
        '}', // 7
        '', // 8
        'static inline int', // 9
        'queue_push(struct sock *sk,', // 10
        '\t   int flags)', // 11
        '{', // 12
        '\tint copied = 0;', // 13
        '', // 14
        'wait_for_sndbuf:', // 15
        '\tset_bit(SOCK_NOSPACE, &sk->sk_socket->flags);', // 16
        '\treturn copied;', // 17
        '}', // 18
        'EXPORT_SYMBOL(queue_push);', // 19
      ),
    );
    const span = locateFunction(src, ['queue_push']);
    expect(span).toMatchObject({ name: 'queue_push', signatureLine: 9, nameLine: 10, bodyLine: 12, endLine: 18, balanced: true });
  });

  it('accepts K&R parameter declarations and braces on the signature line', () => {
    const src = scanCSource(
      c(
        'int old_style(a, b)', // 1
        '\tint a;', // 2
        '\tchar *b;', // 3
        '{', // 4
        '\treturn a + *b;', // 5
        '}', // 6
        'int same_line(int x) {', // 7
        '\tif (x) {', // 8
        '\t\treturn 1;', // 9
        '\t}', // 10
        '\treturn 0;', // 11
        '}', // 12
      ),
    );
    expect(locateFunction(src, ['old_style'])).toMatchObject({ nameLine: 1, bodyLine: 4, endLine: 6 });
    expect(locateFunction(src, ['same_line'])).toMatchObject({ nameLine: 7, bodyLine: 7, endLine: 12 });
  });

  it('is not fooled by a prototype followed by another definition in K&R-looking form', () => {
    const src = scanCSource(c('int proto(void);', 'static int other(int proto)', '{', '\treturn proto;', '}'));
    expect(locateFunction(src, ['proto'])).toBeUndefined();
    expect(locateFunction(src, ['other'])).toMatchObject({ nameLine: 2, endLine: 5 });
  });

  it('ignores braces in strings, character literals, comments and preprocessor lines', () => {
    const src = scanCSource(
      c(
        '#define OPEN_BLOCK {', // 1
        'static void noisy(struct sock *sk)', // 2
        '{', // 3
        '\tconst char *s = "}}} not the end {";', // 4
        "\tchar open = '{', close = '}';", // 5
        '\t/* a comment with } and { braces', // 6
        '\t   over two lines } */', // 7
        '\t// and a line comment }', // 8
        '#ifdef CONFIG_SOMETHING', // 9
        '\tif (sk->flag) {', // 10
        '#else', // 11
        '\tif (sk->other) {', // 12
        '#endif', // 13
        '\t\tsk->count++;', // 14
        '\t}', // 15
        '}', // 16
        'static void after(void)', // 17
        '{', // 18
        '}', // 19
      ),
    );
    expect(locateFunction(src, ['noisy'])).toMatchObject({ nameLine: 2, endLine: 16, balanced: true });
    // The duplicated opening brace in the #else branch must not push what follows one level deeper.
    expect(locateFunction(src, ['after'])).toMatchObject({ nameLine: 17, endLine: 19 });
  });

  it('skips macros and attributes before and after the name, and member calls of the same name', () => {
    const src = scanCSource(
      c(
        'struct ops { int (*tcp_rcv)(void *); };', // 1
        'static int user(struct ops *o, void *p)', // 2
        '{', // 3
        '\treturn o->tcp_rcv(p) + o[0].tcp_rcv(p);', // 4
        '}', // 5
        'INDIRECT_CALLABLE_SCOPE __cold noinline', // 6
        'int tcp_rcv(void *p)', // 7
        '\t__releases(&lock) __must_hold(other)', // 8
        '{', // 9
        '\treturn 0;', // 10
        '}', // 11
      ),
    );
    expect(locateFunction(src, ['tcp_rcv'])).toMatchObject({ signatureLine: 6, nameLine: 7, bodyLine: 9, endLine: 11 });
  });

  it('tries names in order, as for a function renamed between versions', () => {
    const src = scanCSource(c('int tcp_sendmsg(struct sock *sk)', '{', '\treturn 0;', '}'));
    expect(locateFunction(src, ['tcp_sendmsg_locked', 'tcp_sendmsg'])).toMatchObject({ name: 'tcp_sendmsg', nameLine: 1 });
  });

  it('falls back to the next line starting with } when braces never balance', () => {
    const src = scanCSource(c('void broken(void)', '{', '#if A', '\tif (x) {', '#endif', '\ty();', '}', 'int later;'));
    const span = locateFunction(src, ['broken']);
    expect(span).toMatchObject({ nameLine: 1, endLine: 7, balanced: false });
  });

  it('does not hang or throw on truncated input', () => {
    for (const text of ['int f(', 'int f(void) {', 'int f(void) { "unterminated', '/* open comment int f(void) {', "int f(void) { '"]) {
      expect(() => locateFunction(scanCSource(text), ['f'])).not.toThrow();
    }
  });
});

describe('findAnchors', () => {
  const anchors: KernelAnchor[] = [
    { id: 'label', pattern: /^wait_for_(sndbuf|space):/, note: 'label' },
    { id: 'flag', pattern: /set_bit\(SOCK_NOSPACE/, note: 'flag' },
    { id: 'again', pattern: /set_bit\(SOCK_NOSPACE/, after: 'flag', note: 'second flag' },
    { id: 'gone', pattern: /^wait_for_memory:/, note: 'absent here' },
  ];
  const src = scanCSource(
    c(
      'int sendit(struct sock *sk)', // 1
      '{', // 2
      '\tset_bit(SOCK_NOSPACE, &sk->flags);', // 3
      'wait_for_sndbuf:', // 4
      '\tset_bit(SOCK_NOSPACE, &sk->flags);', // 5
      '\treturn 0;', // 6
      '}', // 7
      'wait_for_memory:', // 8 outside the function
    ),
  );
  it('finds each pattern inside the function, after another anchor when asked, never outside', () => {
    const span = locateFunction(src, ['sendit'])!;
    const lines = Object.fromEntries(findAnchors(src, span, anchors).map((h) => [h.anchor.id, h.line]));
    expect(lines).toEqual({ label: 4, flag: 3, again: 5, gone: undefined });
  });
});
