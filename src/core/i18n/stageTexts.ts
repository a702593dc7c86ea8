// The stage catalogue's texts for people, per locale. English lives in the catalogue itself
// (src/core/kernel/catalogue/stages.ts); other locales overlay the same fields here, so ids,
// kernel functions and sysctls stay one table; the finding lead keeps its `{placeholders}`,
// version notes keep their ranges and a sysctl keeps its name (only its bracketed note is
// translated). `stageInfo()` applies the overlay.
import type { StageId } from '../diagnosis/finding';
import type { StageInfo } from '../kernel/catalogue/types';
import { getLocale, type Locale } from './locale';
import { LocaleOverlays, localizedVersionNotes } from './overlay';

export interface StageTextOverlay {
  title: string;
  side: string;
  whatHappens: string;
  wireSignature: string;
  /** Same length and order as the English `application` list. */
  application: readonly { call: string; result: string }[];
  /** The finding's lead sentence, with the same `{placeholders}` as the English one (annotate.ts). */
  findingLead: string;
  /** Same length and order as the English version notes; the version ranges are not translated. */
  versions: readonly string[];
  /**
   * The knobs that carry a note, keyed by the English entry ("net.ipv4.tcp_retries2 (probe
   * limit)"): the same name(s), then the note in this locale. Knobs without a note are shown as they are.
   */
  sysctls?: Readonly<Record<string, string>>;
}

export const STAGE_TEXTS_ZH_CN: Readonly<Record<StageId, StageTextOverlay>> = {
  connection_refused: {
    title: '连接被拒绝',
    side: '服务端：用 RST 回应 SYN 的那台主机',
    whatHappens:
      'SYN 到达的主机在该端口上没有监听套接字。它的 TCP 输入路径找不到套接字，转入无套接字分支，回复一个确认该 SYN 的 RST。客户端内核在 SYN_SENT 状态收到这个 RST 后，将其转换为 ECONNREFUSED。',
    wireSignature: 'SYN 在一个往返时间内被 RST|ACK 回应，且 ack = ISN + 1，没有 SYN-ACK。（SYN 得不到任何回应则是被过滤或监听队列已满，不属于此类。）',
    application: [
      { call: 'connect()', result: 'ECONNREFUSED（非阻塞时在 poll 之后通过 SO_ERROR 得到）' },
      { call: '已连接的 UDP 套接字，下一次调用', result: '收到 ICMP 端口不可达后返回 ECONNREFUSED' },
    ],
    findingLead: '{side}在第 {lastFrame} 帧以 RST 拒绝了连接',
    versions: ['tcp_v4_send_reset 只接收 skb 一个参数；查找通过 __tcp_v4_lookup 进行。'],
    sysctls: {
      'net.ipv4.tcp_abort_on_overflow (turns a full accept queue into RSTs)': 'net.ipv4.tcp_abort_on_overflow（全连接队列满时改为以 RST 回应）',
      'net.ipv4.icmp_ratelimit, icmp_ratemask (ICMP only)': 'net.ipv4.icmp_ratelimit, icmp_ratemask（只影响 ICMP）',
    },
  },
  zero_window: {
    title: '接收方通告了零窗口',
    side: '应用程序不读取数据的接收方',
    whatHappens:
      '接收端应用程序停止读取，接收缓冲区被填满，接收方计算出的窗口为零。发送方什么都发不出去；当没有在途数据时，它启动持续（persist）定时器，以逐次翻倍的间隔发送零窗口探测包。只有当读取方腾出足够空间、可以通告至少两倍于当前窗口的更新时，窗口才会重新打开。',
    wireSignature: '接收方通告 win=0；发送方以逐渐增大的间隔（最长 120 s）发送携带 snd_una - 1 的空探测包，每个都得到 win=0 的应答，直到出现窗口更新。',
    application: [
      { call: '发送方的 send()', result: '一旦它自己的发送缓冲区也满了就会阻塞，非阻塞时返回 EAGAIN；不会有 EPOLLOUT' },
      { call: '接收方的 recv()', result: '应用程序只是调用得不够频繁' },
    ],
    findingLead: '{side}从第 {firstFrame} 帧起通告零窗口，持续 {duration} s',
    versions: ['有在途数据时，零窗口连接可能在 120 s 后被杀掉，即使对端一直有应答。', 'TCP_USER_TIMEOUT 也限制窗口可以保持关闭多久。'],
    sysctls: {
      'net.ipv4.tcp_retries2 (probe limit)': 'net.ipv4.tcp_retries2（探测次数上限）',
    },
  },
  window_full: {
    title: '发送方占满了对端窗口',
    side: '发送方',
    whatHappens: '发送方反复把接收方通告窗口允许的数据全部发出；发送循环中的接收窗口检查会扣住下一个报文段，直到某个 ACK 把窗口右边界向前推进。',
    wireSignature: '在途字节数等于通告窗口（Wireshark 标记为 window_full）；每收到一个 ACK 才能继续发送；窗口较小但不为零。',
    application: [{ call: 'send()', result: '变慢；当窗口后面的发送缓冲区也被填满时阻塞或返回 EAGAIN' }],
    findingLead: '{side}从第 {firstFrame} 帧起让对端的整个窗口处于在途状态，持续 {duration} s',
    versions: ['只有一个合并的 tcp_snd_test，没有分开的窗口、拥塞和 Nagle 检查。'],
    sysctls: {
      'net.ipv4.tcp_rmem (on the receiver)': 'net.ipv4.tcp_rmem（接收方的设置）',
      'SO_RCVBUF (on the receiver)': 'SO_RCVBUF（接收方的设置）',
    },
  },
  send_buffer_full: {
    title: '发送缓冲区已满',
    side: '发送方',
    whatHappens:
      'send() 把数据复制进发送缓冲区，直到排队字节数达到 SO_SNDBUF（或未发送字节超过 TCP_NOTSENT_LOWAT）。此时空间检查失败，写入方把套接字标记为等待空间，推送已复制的数据后进入睡眠——非阻塞时则返回 EAGAIN。之后释放出空间的 ACK 会唤醒它。',
    wireSignature: '发送方在早先的数据尚未被确认或对端窗口关闭时停止追加新数据；ss 中的 Send-Q 接近缓冲区大小。',
    application: [
      { call: '阻塞的 send()', result: '睡眠；设置了 SO_SNDTIMEO 时返回 EAGAIN 或部分字节数' },
      { call: '非阻塞的 send()', result: 'EAGAIN / EWOULDBLOCK，在空间释放之前不会有 EPOLLOUT' },
      { call: '收到 RST 之后', result: 'ECONNRESET，之后是 EPIPE，并伴随 SIGPIPE（除非使用 MSG_NOSIGNAL）' },
    ],
    findingLead: '{side}的发送缓冲区从第 {firstFrame} 帧起已满，持续 {duration} s',
    versions: ['发送循环是 tcp_sendmsg。', '标签为 wait_for_sndbuf 和 wait_for_memory；5.10+ 把它们合并为 wait_for_space。', 'EAGAIN 总会设置 SOCK_NOSPACE，因此不会错过 EPOLLOUT。'],
  },
  stalled_direction: {
    title: '某一方向陷入沉默',
    side: '沉默的发送方',
    whatHappens:
      '这一方发出的数据都已被确认，对端窗口也是打开的，但它再也不发送了。要么是它的应用程序停止了写入，要么是等待空间的写入方一直没有被唤醒：ACK 路径只有在设置了 SOCK_NOSPACE 且空闲空间足够时才会唤醒写入方，因此一旦标志或内存屏障出错导致唤醒丢失，而套接字上又没有其他事件，连接就会一直停在那里。',
    wireSignature: '最后一个 ACK 覆盖了全部已发送数据，窗口打开，链路正常，而这一方不再发送任何数据，另一个方向却可能仍在传输。如果同一套接字上还有入站数据，则更可能是应用层的原因。',
    application: [{ call: 'send() / epoll', result: '一直等待 EPOLLOUT，或无限期地阻塞在 send() 中' }],
    findingLead: '{side}在第 {firstFrame} 帧之后 {duration} s 内没有发送任何数据，尽管它的数据都已被确认且窗口是打开的',
    versions: ['tcp_poll 与 tcp_check_space 之间没有内存屏障：在 SMP 上唤醒可能丢失。', '内存分配失败会跳过 SOCK_NOSPACE；一次部分完成的发送可能导致没有任何唤醒被安排。', '使用 TCP_NOTSENT_LOWAT 时，EPOLLOUT 只来自 ACK（由输出路径上的检查修复）。'],
  },
  rto_backoff: {
    title: '重传超时与退避',
    side: '发送方',
    whatHappens: '在途数据迟迟得不到 ACK，于是重传定时器触发，重发最早的报文段，并每次把超时时间翻倍（上限 120 s），每一轮都检查重试预算是否已经用完。',
    wireSignature: '同一个报文段以大约 0.2、0.4、0.8 … s 的间隔（逐次翻倍，上限 120 s）被重传，其间没有任何 ACK。',
    application: [{ call: 'send()', result: '缓冲区不再排空后阻塞或返回 EAGAIN；若始终无法恢复则返回 ETIMEDOUT' }],
    findingLead: '{side}从第 {firstFrame} 帧起以逐次翻倍的超时重传，持续 {duration} s',
    versions: ['重写了零窗口情形（tcp_rtx_probe0_timed_out）。'],
  },
  connection_timeout: {
    title: '多次重传后放弃连接',
    side: '发送方',
    whatHappens: '重试预算（tcp_retries2，默认折合约 15 分钟，或 TCP_USER_TIMEOUT）耗尽；内核报告 ETIMEDOUT 并销毁套接字，不发送 RST。',
    wireSignature: '间隔逐次翻倍的重传之后便再无任何报文：没有 RST，也没有 FIN。',
    application: [{ call: '套接字上的任何调用', result: 'ETIMEDOUT（或最后一次 ICMP 错误，例如 EHOSTUNREACH）' }],
    findingLead: '{side}在重传 {duration} s 未获应答后放弃（最后一帧为第 {lastFrame} 帧）',
    versions: ['上限按重传次数而不是按时间计算。'],
    sysctls: {
      'net.ipv4.tcp_syn_retries (connect)': 'net.ipv4.tcp_syn_retries（建立连接时）',
    },
  },
  rst_on_close_unread_data: {
    title: '关闭时有未读数据而发送 RST',
    side: '关闭方',
    whatHappens: 'close() 发现还有应用程序从未读取的数据。内核不再进行有序的 FIN 关闭，而是丢弃队列并发送 RST（RFC 2525）。SO_LINGER 超时为零时经由 tcp_disconnect 也会产生同样的效果。',
    wireSignature: '关闭方发出单个 RST|ACK 而不是 FIN，此时对端往往仍在发送；对端后续的报文段会引来更多 RST。',
    application: [
      { call: '对端下一次 recv()/send()', result: 'ECONNRESET，继续写入则得到 EPIPE / SIGPIPE' },
      { call: '关闭方的 close()', result: '立即返回' },
    ],
    findingLead: '{side}在还有未读数据时关闭，并在第 {lastFrame} 帧发送了 RST',
    versions: ['关闭逻辑位于 __tcp_close。', 'data_was_unread 是一个标志。'],
  },
  fin_piggybacked_on_data: {
    title: 'FIN 搭载在最后一个数据段上',
    side: '关闭方',
    whatHappens: 'close() 执行时仍有数据在排队未发送；FIN 标志被设置在最后一个排队的报文段上，因此它要等窗口允许时才随数据一起发出——可能在 close() 返回很久之后。',
    wireSignature: '最后一个数据段带有 FIN；如果对端窗口为零，FIN 会和数据一起排在持续探测包后面等待。',
    application: [
      { call: 'close()', result: '立即返回（只有设置了 SO_LINGER 超时才会阻塞）' },
      { call: '对端的 recv()', result: '先读到数据，然后返回 0（文件结束）' },
    ],
    findingLead: '{side}在第 {lastFrame} 帧把 FIN 放在了最后一个数据段上',
    versions: ['tcp_send_fin 不再为内存分配而循环；内存压力下 FIN 搭载在最后一个已发送的报文段上。'],
  },
  nagle_delayed_ack: {
    title: 'Nagle 算法等待延迟 ACK',
    side: '发送方',
    whatHappens: '启用 Nagle 算法时，只要前一个小报文段尚未被确认，新的小报文段就会被扣住。对端为了让 ACK 搭便车而延迟发送它（Linux 上最少 40 ms，其他系统可达 200 ms），于是每次小的写入都要等对端的延迟 ACK 定时器。',
    wireSignature: '小报文段只在前一个被 ACK 之后才发出，间隔接近 40 ms（Linux 对端）或 200 ms。',
    application: [{ call: '发送小消息的 send()', result: '立即返回；表现为延迟，而不是错误' }],
    findingLead: '{side}从第 {firstFrame} 帧起把小报文段扣在延迟 ACK 之后，持续 {duration} s',
    versions: ['Nagle 位于合并的 tcp_snd_test 中（tcp.h 中的内联函数）。'],
    sysctls: {
      'TCP_QUICKACK (on the peer)': 'TCP_QUICKACK（对端的设置）',
    },
  },
  keepalive: {
    title: '保活探测',
    side: '发起探测的一方',
    whatHappens: '设置 SO_KEEPALIVE 后，空闲 tcp_keepalive_time 之后内核每隔 tcp_keepalive_intvl 发送一个探测包；连续 tcp_keepalive_probes 个都没有应答时，以 ETIMEDOUT 中止连接。',
    wireSignature: '长时间空闲后出现位于 snd_una - 1 的空（或 1 字节）报文段，以固定间隔重复；它们或者得到 ACK 应答，或者无人应答，随后一片沉寂。',
    application: [{ call: '探测无应答之后的任何调用', result: 'ETIMEDOUT' }],
    findingLead: '{side}从第 {firstFrame} 帧起发送保活探测包，历时 {duration} s',
    versions: [],
  },
  half_open_rst: {
    title: '发往已被遗忘连接的数据被 RST 回应',
    side: '已经不认识该连接的对端',
    whatHappens: '一方丢失了连接（重启、超时、状态被清除），另一方却仍持有它。幸存一方发出的数据找不到套接字，走无套接字分支并被 RST 回应，幸存方的内核把它转换为 ECONNRESET。',
    wireSignature: '一个数据段被一个裸 RST 回应，该 RST 的序号等于这个数据段的确认号。',
    application: [{ call: '幸存方的 recv()/send()', result: 'ECONNRESET，继续写入则得到 EPIPE' }],
    findingLead: '{side}在第 {lastFrame} 帧以 RST 回应数据：它已经不认识这个连接了',
    versions: [],
    sysctls: {
      'net.ipv4.tcp_keepalive_time (detects the half-open state earlier)': 'net.ipv4.tcp_keepalive_time（更早发现半开连接）',
    },
  },
  udp_cork: {
    title: '由多次写入拼成的 UDP 数据报',
    side: '发送方',
    whatHappens: '使用 UDP_CORK 或 MSG_MORE 时，udp_sendmsg 把每次写入追加到一个待发的数据报中，而不是立即发送；直到出现一次不带 MSG_MORE 的写入或取消 cork，数据报才作为一个整体发出。除非应用程序从不取消 cork，否则这只是提示信息。',
    wireSignature: 'cork 期间线上没有任何数据，随后出现一个包含所有片段的数据报（可能被 IP 分片）。',
    application: [
      { call: 'sendmsg()', result: '虽然什么都没发出，却返回了字节数' },
      { call: '过大或超出缓冲区的 cork 数据', result: 'EMSGSIZE 或 ENOBUFS' },
    ],
    findingLead: '{side}在第 {firstFrame} 帧发出了一个由多次写入拼成的数据报',
    versions: ['未 cork 的数据报走无锁路径，一次构造出整个数据报。'],
  },
};

const OVERLAYS = new LocaleOverlays<StageInfo, StageTextOverlay>({ 'zh-cn': STAGE_TEXTS_ZH_CN }, (info, overlay) => ({
  ...info,
  title: overlay.title,
  side: overlay.side,
  whatHappens: overlay.whatHappens,
  wireSignature: overlay.wireSignature,
  application: info.application.map((a, i) => overlay.application[i] ?? a),
  findingLead: overlay.findingLead,
  versions: localizedVersionNotes(info.versions, overlay.versions),
  sysctls: info.sysctls.map((s) => overlay.sysctls?.[s] ?? s),
}));

/** The catalogue entry with its texts in `locale`; English (the catalogue itself) is returned as is. */
export function localizeStage(info: StageInfo, locale: Locale = getLocale()): StageInfo {
  return OVERLAYS.localize(info, info.id, locale);
}
