// 简体中文 finding summaries: the same facts as the English ones, in Chinese word order.
import { seconds } from '../units';
import type { HandshakeRetry, Recovery, SendBufferClue, SummaryRenderers } from './args';

function list(values: readonly string[]): string {
  return values.join('、');
}

function recovery(r: Recovery): string {
  if (!r.recovered) return '；抓包中始终没有被确认';
  return (
    `；首次发送 ${seconds(r.afterS)} 后重新得到确认（第 ${r.frame} 帧）` +
    (r.resumedFrame !== undefined ? `，从第 ${r.resumedFrame} 帧起发送新数据` : '')
  );
}

function clue(c: SendBufferClue): string {
  switch (c.kind) {
    case 'burstAfterZeroWindow':
      return `在窗口保持为零 ${seconds(c.zeroS)} 后重新打开的 ${seconds(c.withinS)} 内发出了 ${c.bytes} 字节`;
    case 'windowLimited':
      return `在 ${seconds(c.durationS)} 内一直占满窗口，共发送 ${c.bytes} 字节，是最大窗口的 ${c.windows} 倍`;
    case 'afterOutage':
      return `的数据因网络中断被堵了 ${seconds(c.stuckS)}，路径一恢复就立即发出了 ${c.bytes} 字节新数据`;
  }
}

function handshakeBackoff(who: string, h: HandshakeRetry, times: number, intervalsS: number[], doubling: boolean, r: Recovery): string {
  const shape =
    h.linearGaps > 0
      ? `（前 ${h.linearGaps} 次间隔等于初始超时${doubling ? '，之后逐次翻倍' : ''}：线性阶段，tcp_syn_linear_timeouts）`
      : doubling
        ? '（逐次翻倍：重传定时器退避）'
        : '';
  const head = `${who} 向 ${h.peer} 重发了 ${times} 次 ${h.segment}，间隔依次为 ${list(intervalsS.map((x) => seconds(x)))}${shape}`;
  if (h.segment === 'SYN-ACK') {
    return (
      head +
      `：${h.peer} 的 ACK 没有到达` +
      (r.recovered ? `；首个 SYN-ACK 之后 ${seconds(r.afterS)} 握手完成（第 ${r.frame} 帧）` : '；抓包中始终没有被确认')
    );
  }
  if (r.recovered) return head + `；第 ${r.frame} 帧作出应答，距首个 SYN ${seconds(r.afterS)}：connect() 等待了这么久`;
  if (h.endedByIcmp)
    return (
      head +
      `；一个引用该 SYN 的 ICMP 差错报文（第 ${h.icmpFrame} 帧）终止了这次连接尝试：connect() 以该差错失败` +
      `（视其代码为 EHOSTUNREACH、ENETUNREACH 或 ECONNREFUSED）`
    );
  return (
    head +
    '；抓包中没有 SYN-ACK，也没有 RST' +
    (h.icmpErrors ? `；有 ${h.icmpErrors} 个 ICMP 差错报文引用了该 SYN（第一个在第 ${h.icmpFrame} 帧）` : '')
  );
}

export const SUMMARIES_ZH_CN: SummaryRenderers = {
  connection_refused: (a) =>
    `${a.refuser} 拒绝了来自 ${a.caller} 的连接：` +
    `${a.syns > 1 ? `${a.syns} 个 SYN 均` : 'SYN'}在 ${seconds(a.waitS)} 后被 RST 回应`,
  zero_window: (a) =>
    `${a.who} 通告零窗口 ${seconds(a.durationS)}；期间有 ${a.probes} 个持续探测包` +
    (a.intervalsS.length ? `，间隔依次为 ${list(a.intervalsS.map((x) => seconds(x)))}` : '') +
    (a.unanswered ? `（${a.unanswered} 个未获应答）` : '') +
    `；${a.updateFrame !== undefined ? `第 ${a.updateFrame} 帧的窗口更新使窗口重新打开` : '抓包结束时窗口仍然关闭'}`,
  window_full: (a) =>
    `${a.sender} 在 ${seconds(a.durationS)} 内 ${a.times} 次占满了 ${a.receiver} 的窗口` +
    `（窗口中位数 ${a.medianWindow} 字节，最大 ${a.maxWindow} 字节）` +
    (a.sustained ? '；吞吐量由接收方读取数据的速度决定' : '；反方向也有数据在传输'),
  send_buffer_full: (a) =>
    `${a.who} 的发送缓冲区很可能已满 ${seconds(a.durationS)}：它` +
    `${a.clues.map(clue).join('；它')}。阻塞的 send() 会在 sk_stream_wait_memory() 中等待，非阻塞的则返回 EAGAIN` +
    `（根据线上数据推断；缓冲区本身不可见）`,
  stalled_direction: (a) => {
    const until =
      a.until.kind === 'captureEnd'
        ? '直到抓包结束'
        : a.until.kind === 'frame'
          ? `直到第 ${a.until.frame} 帧`
          : `直到 ${a.peer} 在第 ${a.until.frame} 帧关闭连接`;
    return (
      `${a.who} 有 ${seconds(a.durationS)} 没有发送数据（${until}），尽管它发出的数据都已被确认，` +
      `${a.peer} 的窗口一直打开（${a.minWindow}–${a.maxWindow} 字节）并发送了 ${a.peerSegments} 个数据段；` +
      `${a.who} 只发送了 ACK（${a.ownAcks} 个）` +
      (a.afterOutage
        ? '。这发生在一次网络中断之后：典型的写空间唤醒丢失，或写入方已经放弃'
        : '。也可能只是它的应用程序没有数据要发送')
    );
  },
  rto_backoff: (a) =>
    !a.inferred && a.handshake
      ? handshakeBackoff(a.who, a.handshake, a.times, a.intervalsS, a.doubling, a.recovery)
      : a.inferred
      ? `${a.who} 在静默 ${seconds(a.silenceS)} 后重发了旧数据：` +
        `更早的重传在到达抓包点之前就丢失了（网络中断）` +
        recovery(a.recovery)
      : `${a.who} 重传了 ${a.times} 次未被确认的数据；队首报文段的重传间隔为 ` +
        `${list(a.intervalsS.map((x) => seconds(x)))}` +
        (a.doubling ? '（逐次翻倍：RTO 退避）' : '') +
        recovery(a.recovery),
  connection_timeout: (a) =>
    a.handshake
      ? `${a.who} 向 ${a.handshake.peer} 发起的连接在 ${seconds(a.spanS)} 内 ${a.retransmissions} 次重传 SYN 均无应答后被放弃：` +
        `没有 SYN-ACK，也没有 RST` +
        (a.after.kind === 'captureRunsLonger'
          ? `，而抓包又持续了 ${seconds(a.after.s)}`
          : `；抓包在下一次重传到期（${seconds(a.after.dueS)} 之后）之前就结束了`) +
        `；tcp_syn_retries（或 TCP_SYNCNT）用尽后 connect() 以 ETIMEDOUT 失败` +
        (a.handshake.icmpErrors ? '，或者返回它记录下的 ICMP 差错（EHOSTUNREACH、ENETUNREACH）' : '')
      : `${a.who} 在 ${seconds(a.spanS)} 内 ${a.retransmissions} 次重传均无应答后放弃了连接：` +
    `之后既没有报文段，也没有 RST` +
    (a.after.kind === 'captureRunsLonger'
      ? `，而抓包又持续了 ${seconds(a.after.s)}`
      : `；抓包在下一次重传到期（${seconds(a.after.dueS)} 之后）之前就结束了`),
  rst_on_close_unread_data: (a) =>
    `${a.closer} 在 ${a.peer} 最后一次发送数据 ${seconds(a.sinceS)} 后复位了连接（RST|ACK，没有 FIN）` +
    (a.unanswered
      ? `，这些数据它已确认却从未回应：它在还有未读数据时关闭了连接（或设置了 SO_LINGER 0）`
      : `；这是一次异常关闭（有未读数据或 SO_LINGER 0）`),
  fin_piggybacked_on_data: (a) =>
    `${a.closer} 的 FIN 搭载在它最后一个 ${a.finBytes} 字节的数据段上，` +
    `此前它花了 ${seconds(a.drainS)} 通过 ${a.windowBytes} 字节的窗口排空发送队列：` +
    `应用程序的 close() 早已返回，而数据仍在排队`,
  nagle_delayed_ack: (a) =>
    `${a.sender} 有 ${a.stalls} 次把小报文段一直压着，直到收到 ${a.peer} 的延迟 ACK：` +
    `ACK 延迟中位数 ${seconds(a.medianAckS)}（RTT ${seconds(a.rttS)}，${a.linuxPeer ? '类似 Linux 的约 40 ms' : '约 200 ms 的'}延迟 ACK 定时器），` +
    `每次交互停顿 ${seconds(a.medianStallS)}；使用 TCP_NODELAY 或一次调用写完整条消息即可避免`,
  keepalive: (a) =>
    `${a.prober} 在空闲 ${seconds(a.idleS)} 后发送了 ${a.probes} 个保活探测包` +
    (a.intervalS !== undefined ? `，每 ${seconds(a.intervalS)} 一个` : '') +
    (a.unanswered ? `；${a.unanswered} 个未获应答` : '；全部得到应答') +
    (a.dropped ? `：探测停止，内核放弃了该连接（ETIMEDOUT${a.reset ? '，并向对端发送了 RST' : ''}）` : ''),
  half_open_rst: (a) =>
    `${a.resetter} 在 ${seconds(a.replyAfterS)} 后用一个序号等于其确认号的裸 RST 回应了 ${a.peer} 的` +
    `${a.segmentBytes > 0 ? ` ${a.segmentBytes} 字节报文段` : '探测包'}：它已经不认识这个连接了` +
    (a.silentBeforeS !== undefined ? `（此前它已静默 ${seconds(a.silentBeforeS)}）` : '（抓包中此前没有它发出的任何数据）'),
  udp_cork: (a) =>
    `${a.sender} 发送了一个 ${a.datagramBytes} 字节的数据报，大小恰好等于它另外 ${a.parts.length} 个数据报之和` +
    `（${a.parts.join(' + ')}）：可能是用 MSG_MORE 或 UDP_CORK 把几次写入合并成了一个`,
};
