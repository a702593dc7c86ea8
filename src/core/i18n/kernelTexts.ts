// The kernel catalogue's texts for people, per locale: each function's role, each anchor's note
// and finding clause, each version note. English lives in the catalogue itself
// (src/core/kernel/catalogue/*Path.ts); other locales overlay the same fields here, keyed by
// function name and anchor id (an anchor's `absentIn` range too), so patterns, files and ids stay
// one table. Kernel identifiers, file paths, sysctls, errno names and flags stay as they are
// inside the translated sentences.
// `localizeKernelFunction()` applies the overlay; test/i18n checks that it is complete.
import type { KernelAnchor, KernelFunction } from '../kernel/catalogue/types';
import { getLocale, type Locale } from './locale';
import { LocaleOverlays, localizedVersionNotes } from './overlay';

/** An anchor's note, or its note and the clause said when a finding shows there (`onFinding`). */
export type AnchorTextOverlay = string | readonly [note: string, onFinding: string];

export interface KernelFunctionTextOverlay {
  role: string;
  /** Every anchor of the function, by id. */
  anchors: Readonly<Record<string, AnchorTextOverlay>>;
  /** Same length and order as the English version notes; the version ranges are not translated. */
  versions: readonly string[];
  /** By anchor id: the anchor's `absentIn` ("5.10 and later") in this locale, for every anchor that has one. */
  absentIn?: Readonly<Record<string, string>>;
}

export const KERNEL_TEXTS_ZH_CN: Readonly<Record<string, KernelFunctionTextOverlay>> = {
  // ── send path ──
  tcp_sendmsg_locked: {
    role: 'TCP 的发送循环：把用户数据复制进写队列上的 skb，发送缓冲区满时睡眠或返回 EAGAIN。',
    anchors: {
      timeo: '本次调用最多可以等待多久：非阻塞套接字或 MSG_DONTWAIT 时为零，否则为 SO_SNDTIMEO 或无限期。',
      wait_connect: '握手完成之前的发送在这里等待连接建立。',
      epipe: '套接字上有未决错误或已关闭写方向时，调用以 EPIPE 失败。',
      memfree_check: [
        '开始一个新的 skb 之前：排队的数据是否少于 SO_SNDBUF（设置了 TCP_NOTSENT_LOWAT 时，未发送的数据是否足够少）？否则写入方转去等待。',
        '这就是失败的空间检查',
      ],
      forced_push: '未推送的数据超过了见过的最大窗口的一半：立即推送，忽略 Nagle。',
      push_one: '队首第一个满长度的报文段立即发出。',
      label_wait: [
        '发送缓冲区满时写入方跳到这里（5.9 及以前为标签 wait_for_sndbuf，5.10 起为 wait_for_space）。',
        '写入方在这里等待',
      ],
      label_wait_memory: '5.9 及以前，内存分配失败会跳到这里，恰好位于请求唤醒的那个标志的下一行，因此该标志被跳过。',
      set_nospace: '把套接字标记为缺少发送空间；ACK 路径只有在这个标志被设置时才会唤醒写入方。',
      push_before_wait: '睡眠之前，本次调用已复制的数据会被推送出去，不受 Nagle 或 MSG_MORE 影响。',
      wait_memory_call: ['睡眠直到空间释放（阻塞套接字），或立即返回 EAGAIN（非阻塞）。', 'send() 在这次调用中阻塞或返回了 EAGAIN'],
      final_push: '调用结束：按套接字的 Nagle 模式（TCP_NODELAY、TCP_CORK、MSG_MORE）推送已排队的数据。',
      stream_error: '把错误转换为返回值；EPIPE 还会触发 SIGPIPE，除非使用了 MSG_NOSIGNAL。',
    },
    versions: [
      '整个循环就是 tcp_sendmsg，由它自己获取套接字锁。',
      '循环移到了 tcp_sendmsg_locked；tcp_sendmsg 只负责加锁并调用它。',
      '两个等待标签：wait_for_sndbuf（缓冲区已满）和 wait_for_memory（内存分配失败）。',
      '两者合并为 wait_for_space，因此每次提前放弃都会设置 SOCK_NOSPACE。',
    ],
    absentIn: { label_wait_memory: '5.10 及以后的版本' },
  },
  tcp_sendmsg: {
    role: 'TCP 的 send() 入口：在发送循环外围获取套接字锁。',
    anchors: {
      lock: '在整个复制过程中持有套接字锁。',
      call_locked: '在持锁状态下运行发送循环。',
    },
    versions: ['没有包装函数：tcp_sendmsg 本身就是发送循环。'],
  },
  sk_stream_wait_memory: {
    role: '通用的发送缓冲区空间等待：EAGAIN、EPIPE、信号，或睡眠直到写空间唤醒。',
    anchors: {
      vm_wait: '进入时缓冲区仍有空间，说明是内存分配失败：改为睡眠一小段随机时间。',
      err_check: '出错或写方向关闭时，以 EPIPE 结束等待。',
      nonblock: ['超时为零（非阻塞）：以 EAGAIN 离开（标签 do_nonblock，后来为 do_eagain）。', '非阻塞的写入方在这里得到 EAGAIN'],
      set_nospace: '睡眠之前请求 ACK 路径唤醒（5.3 起每次返回 EAGAIN 时也会请求）。',
      wait_event: ['真正的睡眠；由 sk_stream_write_space 或错误唤醒。', '阻塞的写入方在这里睡眠'],
      epipe: '套接字出错或已关闭写方向时的结果。',
      eagain: '非阻塞写入方的结果：EAGAIN / EWOULDBLOCK。',
    },
    versions: [
      'EAGAIN 在设置 SOCK_NOSPACE 之前就返回了，因此非阻塞写入方可能错过它的 EPOLLOUT。',
      '标签改为 do_eagain；每次返回 EAGAIN 都会设置 SOCK_NOSPACE（修复 "tcp: make sure EPOLLOUT wont be missed"）。',
    ],
  },
  sk_stream_memory_free: {
    role: '空间判断：排队字节数低于 SO_SNDBUF（再加上协议钩子的判断）。',
    anchors: {
      wmem_or_wrapper: ['比较排队字节数与发送缓冲区大小（5.10+：交给 __sk_stream_memory_free）。', '这个判断认为没有空间'],
    },
    versions: ['还会询问协议钩子（TCP：TCP_NOTSENT_LOWAT）。', '成为 __sk_stream_memory_free(sk, 0) 的包装函数。'],
  },
  __sk_stream_memory_free: {
    role: '真正的空间判断（5.10+），带有一个在唤醒一侧使用的 wake 参数。',
    anchors: {
      proto_hook: '协议自己的检查（对 TCP 而言是尚未发送数据的上限）。',
      wmem: ['排队字节数达到或超过 SO_SNDBUF：没有空间。', '按这项检查，发送缓冲区已满'],
    },
    versions: ['从 sk_stream_memory_free 中拆分出来。'],
  },
  tcp_stream_memory_free: {
    role: 'TCP 的钩子：已写入但尚未发送的数据过多时（TCP_NOTSENT_LOWAT）拒绝给出空间。',
    anchors: {
      notsent_lowat: '未发送字节数（write_seq - snd_nxt）与低水位线比较。',
    },
    versions: ['随 TCP_NOTSENT_LOWAT 一起加入。', '位于 include/net/tcp.h。', '位于 net/ipv4/tcp_ipv4.c。', '位于 net/ipv4/tcp.c。'],
  },
  tcp_push: {
    role: '标记 PSH，处理 cork/MSG_MORE 和自动 cork，然后把队列交给发送引擎。',
    anchors: {
      mark_push: '除非使用 MSG_MORE，否则在最后一个 skb 上设置 PSH。',
      autocork: ['自动 cork（3.14+）：先前的包还停留在 qdisc 或网卡中时，暂缓推送。', '推送可能在这里被推迟'],
      tsq_throttled: '发送完成路径检查这个标志，以恢复被推迟的推送。',
      tsq_barrier: '设置节流标志之后的内存屏障（2024 年的修复；见于 6.1.192 和 6.12.117 稳定版，v6.1/v6.6 标签中没有）。',
      cork_mode: 'MSG_MORE 把这次推送变成 cork 模式的推送。',
      push_pending: '以选定的 Nagle 模式运行发送循环。',
    },
    versions: ['自动 cork 分支（net.ipv4.tcp_autocorking）。', 'TSQ_THROTTLED 之后多了一道内存屏障（"tcp: Add memory barrier to tcp_push()"）。'],
  },
  tcp_poll: {
    role: 'poll/epoll 就绪判断：只有套接字可写时才报告 EPOLLOUT，否则请求唤醒。',
    anchors: {
      writeable: ['可写意味着空闲空间至少是已排队数据的一半，且未发送数据量低于 TCP_NOTSENT_LOWAT。', '按这项检查，poll 没有报告 EPOLLOUT'],
      set_nospace: '不可写：请求写空间唤醒，然后再检查一次。',
      barrier: '保证设置标志与再次检查的先后顺序；与 tcp_check_space 中的屏障配对（2.6.9 和 3.10 中没有）。',
    },
    versions: ['没有内存屏障：在 SMP 上，poll 的调用方和 ACK 路径可能彼此错过，唤醒因此丢失。'],
  },
  tcp_check_space: {
    role: 'ACK 释放了排队数据之后：唤醒写入方，但只在 SOCK_NOSPACE 表明有写入方在等待时才这样做。',
    anchors: {
      shrunk: '5.9 及以前，只有在释放 skb 设置了队列缩小标志之后才会进行这项检查。',
      barrier: '与 tcp_poll 中的屏障配对，使标志和空闲空间能被一起看到。',
      nospace_test: ['没有标记等待者：不唤醒。从未设置该标志的写入方永远不会被唤醒。', '唤醒与否取决于这个标志'],
      new_space: '在允许时扩大发送缓冲区，并调用写空间回调。',
    },
    versions: [
      '位于 net/ipv4/tcp_input.c。',
      '去掉了 SOCK_QUEUE_SHRUNK；每个释放了数据的 ACK 都会触发这项检查。',
      '输出路径（tcp_event_new_data_sent）也会调用它。',
      '成为 include/net/tcp.h 中的内联函数，调用 __tcp_check_space。',
    ],
    absentIn: { shrunk: '5.10 及以后的版本' },
  },
  tcp_new_space: {
    role: '扩大发送缓冲区（自动调优）并调用写空间回调。',
    anchors: {
      expand: '自动调优：把 sk_sndbuf 扩大到最多 tcp_wmem[2]，除非 SO_SNDBUF 固定了它。',
      write_space: '调用 sk_stream_write_space 唤醒写入方。',
    },
    versions: [],
  },
  sk_stream_write_space: {
    role: 'TCP 的写空间回调：空闲空间足够时唤醒阻塞的写入方和 epoll。',
    anchors: {
      threshold: ['只有空闲空间至少是已排队数据的一半（且低于 TCP_NOTSENT_LOWAT）时才唤醒。', '达到这个阈值之前不会有任何唤醒'],
      clear_nospace: '请求已被消费：下一次唤醒之前必须重新发出请求。',
      wake: '唤醒阻塞的 send() 并报告 EPOLLOUT。',
    },
    versions: [],
  },
  tcp_event_new_data_sent: {
    role: '新数据发出之后的记账工作；5.18 起还会重新检查写空间。',
    anchors: {
      check_space: '针对 TCP_NOTSENT_LOWAT 停顿的修复：EPOLLOUT 现在也可以随 snd_nxt 前进而出现，而不只依赖 ACK。',
    },
    versions: ['名为 update_send_head。', '调用 tcp_check_space（"tcp: fix potential xmit stalls caused by TCP_NOTSENT_LOWAT"）。'],
    absentIn: { check_space: '≤ 5.17（v5.15 及更早的标签）' },
  },

  // ── transmit path and timers ──
  __tcp_push_pending_frames: {
    role: '运行发送循环；当什么都发不出去且没有在途数据时，启动零窗口探测定时器。',
    anchors: {
      write_xmit: '尝试发送已排队的数据。',
      probe_timer: ['什么都没发出且没有在途数据：启动持续定时器。', '持续定时器在这里启动'],
    },
    versions: ['是 include/net/tcp.h 中的内联函数。'],
  },
  tcp_write_xmit: {
    role: '发送循环：对每个排队的 skb 依次检查拥塞窗口、接收窗口、Nagle、TSO 推迟和小队列，然后发送。',
    anchors: {
      snd_test: '旧内核：一个合并了 Nagle、拥塞窗口和接收窗口的检查。',
      cwnd_test: '拥塞窗口：在途包数必须低于 snd_cwnd。',
      wnd_test: ['接收窗口：报文段必须在对端通告的窗口之内结束。', '正是这项检查扣住了数据'],
      nagle_test: '针对队列中最后一个 skb 的 Nagle 与 cork 检查。',
      tso_defer: 'TSO/GSO：等待凑成更大的报文段。',
      tsq: 'TCP 小队列（TSQ）：本流在 TCP 之下滞留的数据过多时停止发送。',
      transmit: '报文段交给 IP 层。',
      ret: '告诉调用方是否要启动探测定时器（没有在途数据，但还有数据待发）。',
    },
    versions: ['只有一个 tcp_snd_test；到 2.6.20 时拆分为拥塞窗口、接收窗口和 Nagle 三项检查。'],
    absentIn: { snd_test: '2.6.1x 之后的版本' },
  },
  tcp_snd_wnd_test: {
    role: '报文段能否放进对端通告的窗口？',
    anchors: {
      wnd_end: ['窗口右边界：snd_una 加上通告窗口。', '下一个报文段超出了这个边界'],
    },
    versions: ['是 tcp_snd_test 的一部分。'],
  },
  tcp_cwnd_test: {
    role: '拥塞窗口检查。',
    anchors: {
      in_flight: '在途包数与 snd_cwnd 比较。',
    },
    versions: ['是 tcp_snd_test 的一部分。'],
  },
  tcp_nagle_test: {
    role: '最后一个（可能很小的）报文段现在可以发出吗？',
    anchors: {
      push_flag: 'TCP_NODELAY 或显式推送时放行。',
      urg_fin: '紧急数据和 FIN 从不被扣住。',
      nagle_check: ['否则由 Nagle 决定。', 'Nagle 在这里扣住了小报文段'],
    },
    versions: [],
  },
  tcp_nagle_check: {
    role: '在 cork 状态下，或前一个小报文段尚未被确认时，扣住小于 MSS 的报文段。',
    anchors: {
      cork: 'TCP_CORK 或 MSG_MORE：扣住小报文段。',
      minshall: ['启用 Nagle：只要先前的小报文段仍未被确认就扣住。', '正是这个条件扣住了报文段'],
    },
    versions: ['是 include/net/tcp.h 中的内联函数。'],
  },
  tcp_minshall_check: {
    role: '最后发出的小报文段是否仍未被确认？',
    anchors: {
      snd_sml: '最后一个小报文段的结束序号，与对端已确认的位置比较。',
    },
    versions: [],
  },
  tcp_check_probe_timer: {
    role: '没有其他定时器挂起时，启动持续定时器。',
    anchors: {
      probe0: '零窗口探测定时器。',
    },
    versions: [],
  },
  tcp_probe_timer: {
    role: '持续定时器：发送下一个零窗口探测包，或在太多探测包无应答后放弃。',
    anchors: {
      retries2: '探测次数上限为 tcp_retries2；任何 ACK（即使窗口为 0）都会把计数清零。',
      orphan: '已关闭（孤儿）的套接字改用 tcp_orphan_retries。',
      abort: '无应答的探测包太多：ETIMEDOUT。',
      send_probe: ['发送下一个探测包。', '每个探测包都是从这里发出的'],
    },
    versions: ['设置了 TCP_USER_TIMEOUT 时，窗口关闭持续这么久后连接就会被中止，即使探测包得到了应答。'],
  },
  tcp_send_probe0: {
    role: '发送一个零窗口探测包，并以指数退避安排下一个。',
    anchors: {
      wakeup: ['发送探测包；如果窗口已打开，则发送真正的数据。', '线上看到的探测包就是这里发出的'],
      probes: '为探测包计数。',
      backoff: '间隔翻倍，最长 120 s。',
      local_cong: '本地发送失败：0.5 s 后重试，不退避。',
    },
    versions: [],
  },
  tcp_write_wakeup: {
    role: '构造探测包：窗口允许时发送新数据，否则发送一个带旧序号的空报文段。',
    anchors: {
      fragment: '窗口部分打开：切分队首 skb 使其放得下，然后发送。',
      probe_skb: ['窗口仍为零：在 snd_una - 1 处发送一个空报文段，迫使对端应答。', '探测包携带的序号 snd_una - 1 来自这里'],
    },
    versions: [],
  },
  tcp_retransmit_timer: {
    role: '重传超时：重发队首数据，退避，并检查是否应当放弃。',
    anchors: {
      zero_wnd_case: '对端窗口为零且有在途数据：把重传当作探测继续进行，只有在 120 s 内没有任何 ACK 时才中止。',
      retransmit: ['重发最早的未确认报文段。', '每次重传都来自这里'],
      write_timeout: '重试预算（tcp_retries2 或 TCP_USER_TIMEOUT）是否已经用完？',
      backoff: '为退避计数。',
      rto_double: ['RTO 翻倍，上限 120 s：这就是线上逐渐拉大的间隔。', '逐次翻倍的间隔来自这里'],
    },
    versions: [
      '零窗口情形从最后一个 ACK 起计算 120 s，可能杀掉一个对端每次探测都有应答的连接。',
      'tcp_rtx_probe0_timed_out 从定时器的到期时间开始计算（"net: tcp: fix unexcepted socket die when snd_wnd is 0"）。',
    ],
  },
  tcp_write_timeout: {
    role: '判断重传是否已持续足够长，需要中止连接。',
    anchors: {
      retries1: '超过 tcp_retries1 之后：通知路由层该路径可能有问题（并尝试 MTU 探测）。',
      timed_out: '上限是由重试次数换算出的时间预算，而不是次数本身。',
      retries2: '已建立的连接使用 tcp_retries2（默认 15，约 924 s）。',
      abort: ['预算耗尽：以 ETIMEDOUT 中止，不发送 RST。', '连接在这里被放弃'],
    },
    versions: ['计算的是重传次数，而不是时间预算。'],
  },
  tcp_write_err: {
    role: '向应用程序报告超时并销毁套接字。',
    anchors: {
      etimedout: ['错误是最后一次 ICMP 软错误（如果有），否则为 ETIMEDOUT。', '应用程序得到的就是这个错误'],
    },
    versions: [],
  },
  tcp_keepalive_timer: {
    role: '空闲一段时间后发送保活探测；同时负责 FIN_WAIT2 超时。',
    anchors: {
      fin_wait2_rst: '超过 tcp_fin_timeout 的孤儿 FIN_WAIT2 套接字会被重置。',
      keepopen: '仅在设置了 SO_KEEPALIVE 时进行。',
      time_when: '第一个探测包之前的空闲时间（tcp_keepalive_time、TCP_KEEPIDLE；默认 7200 s）。',
      probes: '允许无应答的探测包个数（tcp_keepalive_probes、TCP_KEEPCNT；9）。',
      abort: ['无应答的探测包太多：ETIMEDOUT。', '一连串无应答的探测在这里终结连接'],
      send_probe: ['发送保活探测包。', '探测包是从这里发出的'],
      intvl: '探测包之间的间隔（tcp_keepalive_intvl、TCP_KEEPINTVL；75 s）。',
    },
    versions: [],
  },

  // ── receive path ──
  tcp_recvmsg_locked: {
    role: '接收循环：把排队的数据复制给应用程序，随后决定是否发送窗口更新。',
    anchors: {
      timeo: 'recv() 最多可以等待多久：非阻塞时为零，否则为 SO_RCVTIMEO 或无限期。',
      eagain: '非阻塞且没有排队数据：EAGAIN。',
      cleanup: ['读取之后：如果该发 ACK 或窗口更新，就发出去。', '只有应用程序读取了足够多的数据，窗口更新才会发出'],
      wait_data: '睡眠直到有数据到达。',
      space_adjust: '接收缓冲区自动调优（tcp_moderate_rcvbuf）。',
    },
    versions: ['循环是 tcp_recvmsg；5.15 起为 tcp_recvmsg_locked，外面包一层加锁函数。'],
  },
  tcp_cleanup_rbuf: {
    role: '应用程序读取数据之后：立即发送挂起的 ACK，或在窗口能大幅增长时发送窗口更新。',
    anchors: {
      pushed: '对端推送（PSH）的数据现已全部读完：延迟 ACK 立即发出。',
      rcv_window_now: ['当前提供的窗口；只有新窗口至少是它的两倍时才发送更新。', '少量的读取不会从这里重新打开窗口'],
      select_window: '计算这次读取之后可以提供的窗口。',
      send_ack: '发送重新打开窗口的 ACK。',
    },
    versions: ['名为 cleanup_rbuf。', '函数体位于 __tcp_cleanup_rbuf；tcp_cleanup_rbuf 是它的包装。'],
  },
  __tcp_select_window: {
    role: '根据空闲缓冲区空间计算接收窗口；几乎没有空闲时返回零。',
    anchors: {
      space: '空闲的接收空间（tcp_rmem、tcp_adv_win_scale）。',
      full_space: '整个接收缓冲区。',
      shrink_sysctl: '6.5+：可选的窗口收缩（net.ipv4.tcp_shrink_window）。',
      half: '空闲空间不到缓冲区的一半：窗口受到限制。',
      pressure: '全局 TCP 内存压力会压低窗口。',
      tiny: ['空闲空间小于一个 MSS（或缓冲区的 1/16）：宁可通告零窗口，也不通告一个极小的窗口。', '正是这项检查让窗口变成了零'],
      ssthresh_clamp: '窗口增长受 rcv_ssthresh 限制。',
    },
    versions: ['空闲空间不足允许空间的 1/16 时也会通告零窗口。'],
  },
  tcp_select_window: {
    role: '每个外发报文段的窗口：从不缩小已提供的窗口，并统计窗口变为零的次数。',
    anchors: {
      cur_win: '当前提供的窗口；新窗口不能让右边界后退。',
      compute: '计算新窗口。',
      zero: ['发出零窗口（由 TCPToZeroWindowAdv 计数）。', '零窗口是在这里写进报文头的'],
    },
    versions: [],
  },
  tcp_send_delayed_ack: {
    role: '启动延迟 ACK 定时器（Linux 上为 40 ms 到 200 ms）。',
    anchors: {
      ato_max: '延迟上限为 TCP_DELACK_MAX（200 ms）。',
      delack_max: '按套接字或按路由设置的上限（5.x+）。',
      dack_timer: ['启动定时器。', '发送方等待的 ACK 在这里被延迟'],
    },
    versions: [],
  },
  __tcp_ack_snd_check: {
    role: '收到数据时：立即确认还是延迟确认。',
    anchors: {
      quickack: '快速 ACK 模式（连接开始时、乱序之后、TCP_QUICKACK）：立即 ACK。',
      send_ack: '立即 ACK：收到了多于一个满长度报文段、处于快速 ACK 模式，或收到乱序数据。',
      delayed: ['否则延迟 ACK。', '单个小报文段走的就是这个分支'],
    },
    versions: [],
  },
  tcp_delack_timer_handler: {
    role: '延迟 ACK 定时器到期：发送 ACK 并退出交互模式。',
    anchors: {
      pingpong: '退出交互（pingpong）模式。',
      ato: '超时之后延迟时间增大。',
      send_ack: ['延迟的 ACK 发出。', '迟到的 ACK 是在这里发出的'],
    },
    versions: ['函数体位于 tcp_delack_timer。'],
  },

  // ── close path ──
  tcp_close: {
    role: 'TCP 套接字上的 close()：清空未读数据，然后在 RST、linger 和有序的 FIN 之间做出选择。',
    anchors: {
      linger0_disconnect: 'SO_LINGER 超时为零：立即断开，也就是重置连接。',
      unread: '统计应用程序从未读取的数据（6.10 起是一个标志）。',
      purge: '丢弃接收队列。',
      unread_branch: ['有未读数据就决定发送重置（RFC 2525）。', '走的正是这个分支'],
      abort_on_data: '在 nstat 中计为 TCPAbortOnClose。',
      rst_unread: ['发送 RST 而不是 FIN；未发送的数据被丢弃。', '线上的 RST 是在这里发出的'],
      linger0: 'SO_LINGER 且 l_linger 为 0。',
      abort_on_linger: '尽管名字如此，计入的是 TCPAbortOnData。',
      close_state: '有序关闭：由状态表决定是否需要发送 FIN。',
      send_fin: ['把 FIN 排在所有未发送数据之后。', 'FIN 在这里进入队列'],
      wait_close: '只有设置了 SO_LINGER 超时，close() 才会阻塞，直到 FIN 被确认。',
      linger2: 'TCP_LINGER2 小于零：FIN_WAIT2 立即以 RST 结束。',
      oom: '孤儿套接字太多或内存太少：RST（TCPAbortOnMemory）。',
    },
    versions: [
      '函数体就是 tcp_close。',
      '函数体位于 __tcp_close；tcp_close 获取锁后调用它。',
      'data_was_unread 是一个布尔值，而不是字节数。',
    ],
  },
  tcp_close_state: {
    role: '把 ESTABLISHED 转为 FIN_WAIT1、CLOSE_WAIT 转为 LAST_ACK，并说明是否必须发送 FIN。',
    anchors: {
      table: '查出下一个状态以及“发送 FIN”的动作位。',
    },
    versions: [],
  },
  tcp_send_fin: {
    role: '如果有排队的数据段，就把 FIN 放在最后一个上，否则放在一个新的空报文段上。',
    anchors: {
      tail: '写队列中的最后一个 skb。',
      mem_pressure: '内存压力下且没有未发送数据时，FIN 搭载在最后一个已发送的 skb 上（4.1+）。',
      unsent_check: ['有未发送的数据在排队：FIN 放在最后那个数据段上。', '这就是 FIN 搭载在最后一个数据段上的原因'],
      fin_flag: '在选中的 skb 上设置 FIN。',
      alloc: '没有可以搭载的报文段：分配一个空的 FIN 报文段。',
      yield_loop: '旧内核用 yield() 循环，直到能分配到 FIN 的 skb。',
      push: '关闭 Nagle 推送队列；窗口允许时 FIN 才会发出。',
    },
    versions: ['重写（"tcp: fix possible deadlock in tcp_send_fin()"）：去掉了 yield() 循环，增加了内存压力路径。'],
    absentIn: { yield_loop: '4.1 及以后的版本' },
  },
  tcp_send_active_reset: {
    role: '在 snd_nxt 处构造并发送一个 RST|ACK，立即发送，且只发一次。',
    anchors: {
      rst: '该报文段带有 RST 和 ACK。',
      xmit: ['立即发出，从不排队，也从不重传。', 'RST 是从这里发出的'],
    },
    versions: [],
  },
  tcp_disconnect: {
    role: '异常断开（SO_LINGER 为 0、connect(AF_UNSPEC)）：状态需要时发送 RST，并清空各队列。',
    anchors: {
      need_reset: '需要用 RST 通知对端的那些状态。',
      rst: '向对端发送 RST。',
      purge: '丢弃未发送的数据。',
    },
    versions: [],
  },

  // ── refused and reset connections ──
  tcp_v4_rcv: {
    role: '每个到达的 IPv4 TCP 报文段的入口：找到它的套接字，或以 RST 回应。',
    anchors: {
      lookup: '按四元组先查找已建立的套接字，再查找监听套接字。',
      no_socket: ['没有套接字接收这个报文段：端口未监听，或者本机已经遗忘了这个连接。', '报文段落到了这里'],
      reset: ['以 RST 回应。', '线上的 RST 是从这里发出的'],
    },
    versions: ['通过 __tcp_v4_lookup 查找；tcp_v4_send_reset 只接收 skb 一个参数。'],
  },
  tcp_v4_send_reset: {
    role: '根据触发它的报文段构造 RST 应答，并通过每个网络命名空间的控制套接字发送。',
    anchors: {
      never_rst_rst: '从不用 RST 回应 RST。',
      rst_bit: '设置 RST 标志。',
      ack_bit: [
        '报文段不带 ACK（即 SYN）：回应确认它的 RST|ACK，序号为 0；带 ACK：在其确认号处发送裸 RST。',
        '这就是 RST 确认了该 SYN 的原因',
      ],
      counter: '计入 OutRsts。',
    },
    versions: [],
  },
  tcp_v6_rcv: {
    role: 'tcp_v4_rcv 的 IPv6 对应函数。',
    anchors: {
      no_socket: ['没有套接字接收这个报文段。', '报文段落到了这里'],
      reset: '以 RST 回应。',
    },
    versions: [],
  },
  tcp_v6_send_reset: {
    role: 'tcp_v4_send_reset 的 IPv6 对应函数。',
    anchors: {
      never_rst_rst: '从不用 RST 回应 RST。',
    },
    versions: [],
  },
  tcp_reset: {
    role: '收到 RST 时：根据连接状态选择应用程序看到的错误。',
    anchors: {
      refused: ['处于 SYN_SENT：connect() 以 ECONNREFUSED 失败。', 'connect() 因这个错误而失败'],
      pipe: '处于 CLOSE_WAIT：EPIPE。',
      reset: ['其他状态：ECONNRESET。', '应用程序看到的就是这个错误'],
    },
    versions: [],
  },
  __udp4_lib_rcv: {
    role: 'UDP 输入：发往无套接字端口的数据报会引来 ICMP 端口不可达。',
    anchors: {
      port_unreach: 'ICMP 类型 3 代码 3；已连接的发送方随后会看到 ECONNREFUSED。',
    },
    versions: ['名为 udp_rcv。'],
  },

  // ── UDP cork ──
  udp_sendmsg: {
    role: 'UDP 发送：要么立即构造并发送一个数据报，要么追加到处于 cork 状态的数据报中。',
    anchors: {
      corkreq: ['请求了 cork：设置了 UDP_CORK 选项，或本次调用带有 MSG_MORE。', '这些写入因这个判断而被 cork'],
      msg_more: 'MSG_MORE：同一个数据报还有更多数据要来。',
      pending: '已有一个处于 cork 状态的数据报在等待：追加到它后面。',
      make_skb: '未 cork：不持套接字锁，构造一个完整的数据报。',
      send_skb: '立即发送这个数据报。',
      flush_err: '出错时丢弃 cork 中的数据。',
      append: '处于 cork 状态：把本次写入追加到待发的数据报。',
      push: ['不再 cork：待发的数据报现在发出。', '拼好的数据报是从这里发出的'],
      enobufs: 'ENOBUFS 计为发送缓冲区错误。',
    },
    versions: ['未 cork 的数据报走无锁路径（ip_make_skb、udp_send_skb）；2.6.9 在内部对所有数据都做 cork。'],
  },
  udp_push_pending_frames: {
    role: '把 cork 期间积累的分片合成一个数据报并发送。',
    anchors: {
      finish: '把排队的各部分拼接成一个 skb。',
      send: '把完成的数据报交给 IP 层。',
      clear: '释放 cork。',
    },
    versions: [],
  },
  udp_lib_setsockopt: {
    role: '套接字选项；清除 UDP_CORK 会发出待发的数据报。',
    anchors: {
      cork: 'UDP_CORK 选项。',
      uncork_push: ['清除该选项会发送已收集的数据。', '取消 cork 在这里放出了数据报'],
    },
    versions: ['名为 udp_setsockopt。'],
  },
  ip_append_data: {
    role: '把数据追加到套接字待发的 IP 数据报中。',
    anchors: {
      inner: '实际工作在 __ip_append_data 中完成。',
    },
    versions: [],
  },
  __ip_append_data: {
    role: '为待发的数据报分配并填充分片。',
    anchors: {
      emsgsize: '超过 64 KB 的 cork 数据报以 EMSGSIZE 失败。',
      alloc_block: '第一个分片：可能因 SO_SNDBUF 而阻塞，非阻塞时返回 EAGAIN。',
      wmalloc: '后续分片：超过两倍 SO_SNDBUF 时返回 ENOBUFS。',
    },
    versions: [],
  },
  ip_make_skb: {
    role: '在私有队列上构造整个数据报（未 cork 的 UDP 路径）。',
    anchors: {
      append: '填充一个私有队列。',
      make: '把它作为一个 skb 返回。',
    },
    versions: [],
  },
};

function localizeAnchor(anchor: KernelAnchor, text: AnchorTextOverlay | undefined, absentIn: string | undefined): KernelAnchor {
  const withAbsent = anchor.absentIn !== undefined && absentIn !== undefined ? { ...anchor, absentIn } : anchor;
  if (text === undefined) return withAbsent;
  if (typeof text === 'string') return { ...withAbsent, note: text };
  return anchor.onFinding === undefined ? { ...withAbsent, note: text[0] } : { ...withAbsent, note: text[0], onFinding: text[1] };
}

const OVERLAYS = new LocaleOverlays<KernelFunction, KernelFunctionTextOverlay>({ 'zh-cn': KERNEL_TEXTS_ZH_CN }, (fn, overlay) => ({
  ...fn,
  role: overlay.role,
  anchors: fn.anchors.map((a) => localizeAnchor(a, overlay.anchors[a.id], overlay.absentIn?.[a.id])),
  versions: localizedVersionNotes(fn.versions, overlay.versions),
}));

/**
 * The catalogue's function with its texts in `locale`; English (the catalogue itself) is returned
 * as is. Patterns, ids, files and version ranges are the catalogue's own.
 */
export function localizeKernelFunction(fn: KernelFunction, locale: Locale = getLocale()): KernelFunction {
  return OVERLAYS.localize(fn, fn.name, locale);
}
