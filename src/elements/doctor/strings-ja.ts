import type { DoctorStrings } from './doctor-strings.ts';

/** 日本語. */
export const doctorJa: DoctorStrings = {
  title: 'Finesse SSO 診断',
  intro:
    'エージェントがサインアウトされる(またはされうる)理由を調べます:Finesse が発行するトークン、時計、証明書、CORS、このブラウザー、ここで開いているデスクトップのタブとその更新履歴。トークンを表示・保存することはありません。',
  verdict: { pass: '合格', warn: '警告', fail: '不合格' },
  running: '診断を実行しています…',
  summary: (c) => `完了: 合格 ${c.pass} 件、警告 ${c.warn} 件、不合格 ${c.fail} 件。`,
  runAgain: 'もう一度診断する',
  testPopup: 'サインイン用ポップアップを試す',
  measure: 'サインインしてトークンの有効期間を測る',
  save: 'サポート用ファイルを保存',
  saved: (name) => `${name} を保存しました。サポートケースに添付してください。`,
  settings: '設定',
  desktopOrigin: 'デスクトップのオリジン',
  desktopHint:
    'エージェントのデスクトップがこの Finesse 以外で動く場合のオリジン(例: https://desktop.example.com)',
  username: 'エージェント (cc_username)',
  apply: '適用して診断',
  whatItMeans: '意味',
  whatToDo: '対処',
  details: '詳細',
  tabsCaption: 'このブラウザーで開いているデスクトップのタブ',
  tabHeaders: {
    tab: 'タブ',
    user: 'エージェント',
    state: '状態',
    refresh: '更新中',
    notifications: '通知接続',
  },
  historyCaption: '最近の更新とサインイン(新しい順)',
  historyHeaders: {
    at: '時刻',
    tab: 'タブ',
    kind: '種類',
    outcome: '結果',
    code: 'エラーコード',
    generation: '世代',
  },
  kinds: { 'sign-in': 'サインイン', refresh: '更新' },
  outcomes: { ok: '成功', failed: '失敗' },
  yes: 'はい',
  no: 'いいえ',
  checks: {
    'sso-mode': 'SSO モード',
    'token-lifetimes': 'トークンの有効期間と次の更新',
    'clock-skew': 'このコンピューターと Finesse の時計',
    certificate: (role, origin) => `証明書: ${role} (${origin})`,
    cors: 'デスクトップの CORS',
    'relay-allow-list': 'リレーの許可リスト',
    indexeddb: 'IndexedDB(共有サインイン)',
    'web-locks': 'Web Locks(更新は 1 タブのみ)',
    'broadcast-channel': 'BroadcastChannel(タブ間の通知)',
    popups: 'サインイン用ポップアップ',
    'storage-partitioning': 'ストレージの分離',
    'tab-roster': 'タブ一覧',
    'refresh-history': '更新履歴',
  },
  roles: { finesse: 'Finesse', notifications: '通知サービス', ids: 'Cisco IdS' },
  findings: {
    'sso-mode/sso': (x) => ({
      meaning: `Finesse は SSO でサインインします(${x.user ? `エージェント ${x.user}` : 'システム設定'})。`,
      action: '',
    }),
    'sso-mode/hybrid': () => ({
      meaning:
        'Finesse はハイブリッドモードです。SSO のエージェントとパスワードのエージェントがいます。',
      action: '設定でエージェントを入力すると、そのエージェントのモードがわかります。',
    }),
    'sso-mode/not-sso': (x, f) => ({
      meaning: `Finesse の応答は ${f.text(x.userAuthMode ?? x.systemAuthMode)} です。このエージェントは SSO を使わないため、保つべきトークンがありません。`,
      action:
        'Unified CCE/CCX の管理画面でエージェントを確認するか、パスワードでデスクトップを使ってください。',
    }),
    'sso-mode/unknown': () => ({
      meaning:
        'Finesse はサインイン方式を返しませんでした(SystemInfo にトークンが必要で、エージェントも不明です)。',
      action: '設定でエージェントを入力するか、デスクトップのタブで一度サインインしてください。',
    }),
    'token-lifetimes/no-sign-in': () => ({
      meaning:
        'このブラウザーでサインインしているエージェントがいないため、発行される有効期間が不明です。',
      action:
        '下のボタンでサインインしてください(トークンはすぐ破棄します)。またはデスクトップのタブでサインインしてください。',
    }),
    'token-lifetimes/needs-sign-in': (x, f) => ({
      meaning: `最後の更新が拒否されました(${f.text(x.code)})。すべてのタブが ${f.time(x.expiresAt)} までに再サインインを求めています。`,
      action:
        'いつ始まったかは下の更新履歴を見てください。拒否の多くは、別の更新元(別のブラウザープロファイル、標準の Finesse デスクトップ)が同じサインインを使ったことが原因です。',
    }),
    'token-lifetimes/refresh-failing': (x, f) => ({
      meaning: `アクセストークンの有効期間は ${f.text(x.accessLifetimeS)} 秒です。最後の更新が通信途中で失敗しました(${f.text(x.code)})。セッションはトークンを保持したまま再試行しています。`,
      action:
        'この PC から Finesse に届くか確認してください(ネットワーク、VPN、ノードの稼働状態)。',
    }),
    'token-lifetimes/short': (x, f) => ({
      meaning: `アクセストークンの有効期間が ${f.text(x.accessLifetimeS)} 秒しかありません。${f.text(x.ratio)} % での更新では、遅い応答に使える時間がわずかです。`,
      action:
        'Cisco IdS でアクセストークンの有効期間を長くすることを検討してください(既定は 3600 秒)。',
    }),
    'token-lifetimes/ok': (x, f) => ({
      meaning: `アクセストークンの有効期間は ${f.text(x.accessLifetimeS)} 秒です(${x.source === 'sign-in' ? '今のサインイン' : '保存済みのサインイン'}より)。次の更新は ${f.time(x.refreshAt)}(有効期間の ${f.text(x.ratio)} %)${x.refreshExpiresAt ? `、サインイン自体は ${f.time(x.refreshExpiresAt)} ごろまで有効` : ''}です。`,
      action: '',
    }),
    'clock-skew/unknown': () => ({
      meaning: 'Finesse の時計を読めませんでした(Date ヘッダーがこのページに届きません)。',
      action: 'Date ヘッダーを読める Finesse のオリジンでこのページを開いてください。',
    }),
    'clock-skew/large': (x, f) => ({
      meaning: `このコンピューターの時計は Finesse と ${f.ms(x.skewMs ?? x.gadgetDriftMs)} 秒ずれています。これほどずれると IdP がサインインを拒否します(SAML の許容は約 5 分)。`,
      action:
        'この PC で時刻の自動設定(NTP)を有効にし、Finesse と IdS サーバーの時刻も確認してください。',
    }),
    'clock-skew/noticeable': (x, f) => ({
      meaning: `このコンピューターの時計は Finesse と ${f.ms(x.skewMs ?? x.gadgetDriftMs)} 秒ずれています。セッションは受け取った時点から有効期間を数えるので更新には影響しませんが、デスクトップに表示される時刻がずれます。`,
      action: 'この PC で時刻の自動設定(NTP)を有効にしてください。',
    }),
    'clock-skew/small': (x, f) => ({
      meaning: `時計は一致しています(差 ${f.ms(x.skewMs ?? x.gadgetDriftMs)} 秒、誤差 ± ${f.ms(x.uncertaintyMs)} 秒)。`,
      action: '',
    }),
    'certificate/answers': (x) => ({
      meaning: x.https
        ? 'ブラウザーは接続できます。証明書は信頼されています。'
        : 'ブラウザーは接続できます(http のため証明書は関係しません)。',
      action: '',
    }),
    'certificate/untrusted': (x) => ({
      meaning: `このサーバーの別のポートは応答しますが、${x.origin} は応答しません。このブラウザーがその証明書を信頼していない可能性が高いです。ブラウザーは理由をページに伝えないため、デスクトップには接続断としか見えません。`,
      action: `このブラウザーで ${x.origin}/ を一度開いて警告を確認してください。恒久対策は、サーバー名を SAN に含む CA 署名の証明書を全ノードに入れることです。`,
    }),
    'certificate/unreachable': (x) => ({
      meaning: `${x.origin} は応答しません。サーバーの停止、ファイアウォールや VPN、または証明書の拒否が考えられます。`,
      action:
        x.role === 'notifications'
          ? `このブラウザーで ${x.origin}/ を一度開いてください。Finesse 12.6 以降は通知も Finesse のポートを使います。notification-url を指定するとこの行は消えます。`
          : `このブラウザーで ${x.origin}/ を一度開き、証明書かネットワークかを確かめてください。`,
    }),
    'cors/same-origin': () => ({
      meaning:
        'デスクトップは Finesse のオリジンで動いています(ポップアップモード)。CORS は不要です。',
      action: '',
    }),
    'cors/run-on-desktop': (x) => ({
      meaning: `ブラウザーは自分のページのオリジンしか送らないため、このページからは Finesse が ${x.desktopOrigin} を許可しているか判定できません。`,
      action: `${x.desktopOrigin} から診断を開く(デスクトップに <finesse-sso-doctor> を追加)か、各 Finesse ノードで次を実行済みか確認してください: ${x.command}`,
    }),
    'cors/unreachable': (x) => ({
      meaning: `Finesse (${x.finesse}) がこのページからまったく応答しません。`,
      action: '上の証明書の診断を見てください。',
    }),
    'cors/allowed': (x) => ({
      meaning: `Finesse は ${x.pageOrigin} に REST API の利用を許可しています。`,
      action: '',
    }),
    'cors/not-allowed': (x) => ({
      meaning: `Finesse は応答しますが ${x.pageOrigin} を許可していません。デスクトップの REST 呼び出しはすべて失敗します。`,
      action: `各 Finesse ノードで実行してください: ${x.command}(ワイルドカード不可)。その後 Cisco Finesse Tomcat を再起動します。`,
    }),
    'relay-allow-list/missing': (x) => ({
      meaning: `リレーの allowed-origins.json が見つかりません(${x.url})。必要なのはリレーモードだけです。`,
      action:
        'デスクトップが別サイトで動く場合は、relay フォルダーをこのフォルダーの隣にアップロードしてください。',
    }),
    'relay-allow-list/malformed': () => ({
      meaning:
        'allowed-origins.json が "origins" リストを持つ正しい JSON ではありません。リレーは誰も許可しません。',
      action: '{ "origins": ["https://desktop.example.com"] } の形で書いてください。',
    }),
    'relay-allow-list/not-listed': (x, f) => ({
      meaning: `リレーは ${x.desktopOrigin} を許可していません。許可されているのは: ${f.text(x.origins)}。`,
      action: `allowed-origins.json に "${x.desktopOrigin}" を追加してください(スキーム・ホスト・ポートまで正確に)。`,
    }),
    'relay-allow-list/ignored-entries': (x, f) => ({
      meaning: `リレーは次の項目を無視します: ${f.text(x.ignored)}(ワイルドカード、"null"、パス付きは許可されません)。`,
      action: '正確なオリジンだけを書いてください(例: https://desktop.example.com:8443)。',
    }),
    'relay-allow-list/empty': () => ({
      meaning: 'リレーはまだどのデスクトップも許可していません(出荷時の状態)。',
      action:
        'デスクトップが別サイトで動く場合は、そのオリジンを allowed-origins.json に書いてください。',
    }),
    'relay-allow-list/listed': (x) => ({
      meaning: `リレーは ${x.desktopOrigin} を許可しています。`,
      action: '',
    }),
    'relay-allow-list/read': (x, f) => ({
      meaning: `リレーが許可しているのは: ${f.text(x.origins)}。`,
      action: '',
    }),
    'indexeddb/missing': () => ({
      meaning:
        'このブラウザーには IndexedDB がありません。タブごとにサインインを持ち、互いに競合するおそれがあります。',
      action: 'プライベートウィンドウではなく、対応ブラウザーを使ってください。',
    }),
    'indexeddb/unusable': () => ({
      meaning:
        'ここでは IndexedDB が使えません(プライベートウィンドウ、またはポリシーでストレージが禁止)。タブ間でサインインを共有できません。',
      action:
        'プライベートモードをやめるか、ブラウザーのポリシーでデスクトップのサイトデータを許可してください。',
    }),
    'indexeddb/persisted': () => ({
      meaning:
        'タブ間でサインインを共有でき、ブラウザーは容量不足でもこのサイトのデータを保持します。',
      action: '',
    }),
    'indexeddb/not-persisted': () => ({
      meaning:
        'タブ間でサインインを共有できます。ストレージは永続指定されていないため、ディスク不足の際に消され、エージェントが再サインインすることがあります。',
      action: '',
    }),
    'web-locks/insecure-context': () => ({
      meaning:
        'このページは安全なコンテキストではありません(http)。Web Locks もセッションも動きません。',
      action: 'デスクトップを https で配信してください。',
    }),
    'web-locks/ok': () => ({
      meaning: 'サインインを更新できるのは同時に 1 タブだけです。',
      action: '',
    }),
    'web-locks/missing': () => ({
      meaning:
        'このブラウザーには Web Locks がありません。複数タブが同時に更新して拒否されるおそれがあります。',
      action:
        'ブラウザーを更新してください(Chrome/Edge 69 以降、Firefox 96 以降、Safari 15.4 以降)。',
    }),
    'broadcast-channel/ok': () => ({ meaning: 'タブ同士がすぐに通知し合えます。', action: '' }),
    'broadcast-channel/missing': () => ({
      meaning: 'このブラウザーには BroadcastChannel がありません。タブが変化に気付くのが遅れます。',
      action: 'ブラウザーを更新してください。',
    }),
    'popups/allowed': () => ({
      meaning: 'クリックでサインイン用ウィンドウが開きます。',
      action: '',
    }),
    'popups/blocked': () => ({
      meaning: 'このブラウザーはクリックからでもサインイン用ウィンドウをブロックします。',
      action:
        'ブラウザー(またはポリシー PopupsAllowedForUrls)で Finesse サイトのポップアップを許可してください。',
    }),
    'popups/untested': () => ({
      meaning: 'ポップアップはクリックからしか試せません。',
      action: '「サインイン用ポップアップを試す」を押してください。',
    }),
    'storage-partitioning/framed': (x) => ({
      meaning: `このページは別サイト ${x.framedBy} の中で動いています。ここでのストレージは分離され、Cookie はサードパーティー扱いです。`,
      action: '診断は Finesse のオリジンの独立したタブで開いてください。',
    }),
    'storage-partitioning/cross-site': (x) => ({
      meaning: `デスクトップ (${x.desktopSite}) は Finesse (${x.finesseSite}) と別サイトです。ブラウザーはその中で Finesse が保存するものを分離し、Cookie をブロックすることがあります。動くのはリレーモードだけです(トークンはメモリーに、共有サインインはデスクトップのオリジンに保存)。`,
      action:
        'リレーモード(relay-url)を使い、デスクトップをリレーの許可リストに加えるか、デスクトップを Finesse のオリジンで配信してください。',
    }),
    'storage-partitioning/same-site': () => ({
      meaning: 'デスクトップと Finesse は同じサイトです。分離されるものはありません。',
      action: '',
    }),
    'tab-roster/no-channel': () => ({
      meaning:
        'このブラウザーではデスクトップのタブに問い合わせできません(BroadcastChannel なし)。',
      action: '',
    }),
    'tab-roster/no-tabs': () => ({
      meaning:
        'このオリジンのデスクトップのタブは応答しませんでした(このブラウザープロファイルでは開いていません)。',
      action: 'このブラウザーでデスクトップを開き、もう一度診断してください。',
    }),
    'tab-roster/two-connections': () => ({
      meaning:
        '1 人のエージェントについて 2 つのタブが通知接続を持っています。Finesse がエージェントを切断するおそれがあります。',
      action: '余分なタブを閉じ、サポート用ファイルを添えて報告してください。',
    }),
    'tab-roster/needs-sign-in': (x) => ({
      meaning: `${x.tabs} 個のタブが応答し、少なくとも 1 つが再サインインを求めています。`,
      action: '更新履歴で拒否を確認してください。',
    }),
    'tab-roster/ok': (x, f) => ({
      meaning: `${x.tabs} 個のタブが応答しました。通知接続を持つのは ${f.text(x.notificationHolders)} 個です。`,
      action: '',
    }),
    'refresh-history/unreadable': () => ({
      meaning: 'このブラウザーのストレージから更新履歴を読めませんでした。',
      action: '',
    }),
    'refresh-history/empty': () => ({
      meaning: 'このブラウザーにはまだ更新もサインインも記録されていません。',
      action: 'このオリジンでデスクトップを開き、更新が行われるまで動かしてください。',
    }),
    'refresh-history/refused': (x) => ({
      meaning: `Finesse が ${x.refusals} 回の更新を拒否しました(最後: ${x.lastRefusal})。エージェントは再サインインが必要でした。これが「refresh token id mismatch」によるログアウトで、2 つの更新元が 1 組のトークンを使ったことが原因です。`,
      action:
        'このエージェントでサインインしている別のデスクトップ(別のブラウザープロファイル、標準の Finesse デスクトップ、古いタブ)を探してください。サポート用ファイルを添付してください。',
    }),
    'refresh-history/transport': (x) => ({
      meaning: `${x.failures} 回の更新が通信途中で失敗しました(ネットワーク、タイムアウト、5xx)。セッションはトークンを保持して再試行しました。`,
      action: '繰り返す場合は Finesse までのネットワーク経路を確認してください。',
    }),
    'refresh-history/ok': (x) => ({
      meaning: `更新 ${x.refreshes} 回とサインイン ${x.signIns} 回、すべて受け付けられました。`,
      action: '',
    }),
  },
};
