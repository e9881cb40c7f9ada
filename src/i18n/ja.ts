import type { Messages } from './messages.ts';

/** Japanese. */
export const ja: Messages = {
  signIn: 'サインイン',
  tryAgain: '再試行',
  usernameLabel: 'エージェントのユーザー名',
  signingInHere: {
    heading: '開いたウィンドウでサインインを完了してください',
    body: 'サインイン ウィンドウはこの画面の後ろに隠れていることがあります。サインインが済むと、すべてのタブが自動的に再開します。',
  },
  signingInElsewhere: {
    heading: '別のタブまたはウィンドウでサインイン中です',
    body: 'そちらでサインインを完了してください。完了するとこのタブも自動的に再開します。このタブでの操作は必要ありません。',
  },
  signedInAs: (userId) => `${userId} としてサインイン中`,
  renewsIn: (time) => `あと ${time} で更新`,
  renewingNow: '更新しています…',
  validFor: (time) => `有効期間: あと ${time}`,
  idleWarning: (time) =>
    `しばらく操作がありません。あと ${time} でサインアウトされます。作業を続けるには「サインインしたままにする」を選択してください。`,
  staySignedIn: 'サインインしたままにする',
  signOut: 'サインアウト',
  signedOutNote:
    'このデスクトップからサインアウトしました。ID プロバイダーのセッションは終了していません。共有 PC の場合はブラウザーも閉じてください。',
  userChangedNote:
    'このブラウザーで別のユーザーがサインインしたため、ここではサインアウトされました。ご自身として続けるには、もう一度サインインしてください。',
  offline: (time) => ({
    heading: 'Finesse が応答していません。操作は不要です',
    body: `このデスクトップが再試行を続けており、Finesse が応答すれば 30 秒以内に自動的に再開します。サインインはあと ${time} 有効です。`,
  }),
  offlineNoExpiry: {
    heading: 'Finesse が応答していません。操作は不要です',
    body: 'このデスクトップが再試行を続けており、Finesse が応答すれば 30 秒以内に自動的に再開します。',
  },
  offlineExpired: {
    heading: 'Finesse が応答していません。操作は不要です',
    body: 'Finesse が応答していないため、サインインをまだ更新できていません。このデスクトップが再試行を続け、Finesse が応答すればすぐに自動的に再開します。今すぐサインインし直すこともできますが、その必要はありません。',
  },
  outOfService: {
    heading: 'Finesse が停止中です。操作は不要です',
    body: 'このデスクトップが確認を続け、Finesse（またはもう一方のサーバー）が復旧すると自動的に再開します。',
  },
  offlineSignIn: '今すぐサインインする',
  headings: {
    'allow-popups': 'このサイトのポップアップを許可して、再試行してください',
    'retry-sign-in': 'サインインが完了しませんでした。再試行してください',
    'sign-in-again': '作業を続けるには再度サインインしてください',
    'rotation-lost': 'サインインが失われました。再度サインインしてください',
    wait: 'Finesse が応答していません。操作は不要です',
    'out-of-service': 'Finesse が停止中です。操作は不要です',
    'cannot-start': 'このページではサインインを開始できません',
    administrator: 'サインインがブロックされています。管理者に連絡してください',
    refused: 'Finesse が要求を拒否しました',
  },
  bannerReasonFallback: 'サインインを自動的に更新できませんでした。',
  countdownLabel: '残り時間:',
  expired: 'サインインの有効期限が切れました。',
  signInAgain: '再度サインイン',
  alertMe: 'デスクトップ通知で知らせる',
  titlePrefix: '⚠ 再サインイン · ',
  notificationTitle: '再度サインインしてください',
  notificationBody:
    'デスクトップのサインインは 2 分以内に期限切れになります。デスクトップに戻り、「再度サインイン」を選択してください。',
  announce: (threshold) =>
    threshold === 30_000
      ? '再サインインまで残り 30 秒です。'
      : `再サインインまで残り ${threshold / 60_000} 分です。`,
  storageDegraded:
    'このタブではサインインを他のタブと共有できません（ブラウザーのストレージを使用できません）。タブごとにサインインが必要になる場合があります。',
  errors: {
    'popup-blocked':
      'ブラウザーがサインイン ウィンドウをブロックしました。このサイトのポップアップを許可してから「再試行」を選択してください。',
    'popup-closed':
      'サインインが完了する前にサインイン ウィンドウが閉じられました。「再試行」を選択し、新しいウィンドウでサインインを完了してください。',
    'popup-timeout':
      'サインインに時間がかかりすぎたため中止されました。「再試行」を選択し、数分以内にサインインを完了してください。',
    'popup-opener-lost':
      'ブラウザーのセキュリティ設定により、サインイン ウィンドウとこのページの接続が切れました。「再試行」を選択してください。繰り返し発生する場合は管理者に連絡してください。',
    'token-page-unreadable':
      'サインインは完了しましたが、このページで結果を読み取れませんでした（ブラウザー拡張機能がページを変更した可能性があります）。「再試行」を選択してください。繰り返し発生する場合は管理者に連絡してください。',
    'json-viewer':
      'Firefox の JSON ビューアーがサインイン結果をこのデスクトップから隠すため、現在の設定のこのブラウザーではサインインを完了できません。管理者に Firefox のエンタープライズ ポリシー（policies.json: "Preferences": {"devtools.jsonview.enabled": {"Value": false, "Status": "locked"}}）で JSON ビューアーを無効にするよう依頼するか、サポートされている別のブラウザーでサインインしてください。',
    'token-answer-invalid':
      'サインイン サーバーの応答をこのデスクトップで解釈できませんでした。「再試行」を選択してください。繰り返し発生する場合は管理者に連絡してください。',
    'refresh-rejected':
      'Finesse が現在のサインインを受け付けなくなりました。時間切れになる前に「再度サインイン」を選択してください。',
    'refresh-needs-interaction':
      'ID プロバイダーが再サインインを求めています。時間切れになる前に「再度サインイン」を選択してください。',
    'rotation-lost':
      'サインインの更新中に接続が切れ、更新を復旧できませんでした。「再度サインイン」を選択してください。1 回のサインインですべてのタブが元に戻ります。頻繁に起きる場合は、ネットワークについて IT 担当者に連絡してください。',
    'refresh-token-not-returned':
      'Finesse がサインインを更新した際に新しい更新トークンを返さず、その後、以前のトークンを拒否したため、サインインを自動で更新できなくなりました。時間切れになる前に「再度サインイン」を選択してください。更新のたびに発生する場合は管理者に連絡してください。',
    network: 'Finesse に接続できません。ネットワーク接続を確認してから、もう一度お試しください。',
    timeout:
      'Finesse から時間内に応答がありませんでした。ネットワーク接続を確認してから、もう一度お試しください。',
    'server-error':
      'Finesse でサーバーの問題が発生しました。しばらくしてからもう一度お試しください。続く場合はスーパーバイザーに連絡してください。',
    'signed-out': 'サインアウトしています。続けるには「サインイン」を選択してください。',
    'user-mismatch':
      'このデスクトップで想定されているエージェントとは別のアカウントでサインインしました。「再試行」を選択し、ご自身のアカウントでサインインしてください。',
    'foreign-origin':
      'サインイン情報が Finesse 以外のサーバーに送信されそうになったため、要求を停止しました。管理者に連絡してください。',
    'not-bearer':
      'Finesse デスクトップがシングル サインオンを使用していないため、このガジェットはサインインを利用できません。管理者に連絡してください。',
    'relay-click-required':
      'サインインは Finesse のサインイン フレーム内のボタンから開始する必要があります。そこに表示されている「サインイン」を選択してください。',
    'relay-unavailable':
      'Finesse サーバー上のサインイン補助ページが応答しませんでした。ページを再読み込みしてください。繰り返し発生する場合は管理者に連絡してください。',
    'relay-not-allowed':
      'Finesse サーバーがこのサイトからのサインインを許可していません。このサイトを許可リストに追加するよう管理者に依頼してください。',
    'relay-version-mismatch':
      'Finesse サーバー上のサインイン補助ページのバージョンがこのデスクトップと一致しません。対応するファイルをアップロードするよう管理者に依頼してください。',
    'storage-unavailable':
      'このブラウザーではサインイン情報を保存できません（プライベート ブラウズが有効な可能性があります）。通常のウィンドウを使用してから「再試行」を選択してください。',
    'insecure-context':
      'このページは HTTPS で提供されていないため、安全にサインインできません。https:// で始まるアドレスでデスクトップを開いてください。',
    'csp-blocked':
      'このサイトのセキュリティ ポリシーがサインインをブロックしました。Content-Security-Policy で Finesse サーバーを許可するよう管理者に依頼してください。',
    'certificate-untrusted':
      'ブラウザーが Finesse サーバーの証明書を信頼していない可能性があります。新しいタブで Finesse のアドレスを開き、管理者の指示に従って証明書の問題を解決してから「再試行」を選択してください。',
    'api-error':
      'Finesse が要求を拒否しました。「再試行」を選択してください。繰り返し発生する場合はスーパーバイザーに連絡してください。',
    'authorization-failed':
      'ID プロバイダーがサインインを完了しませんでした（拒否またはキャンセル）。「再試行」を選択してください。繰り返し発生する場合は管理者に連絡してください。',
    'state-mismatch':
      'このサインインに属さない応答を受け取ったため、無視しました。「再試行」を選択してください。',
    'discovery-failed':
      'ID プロバイダーの設定を読み込めませんでした。ネットワーク接続を確認して「再試行」を選択してください。繰り返し発生する場合は管理者に連絡してください。',
    'idle-timeout':
      '一定時間操作がなかったため（組織のアイドル タイムアウト）、サインアウトされました。続けるには「サインイン」を選択してください。',
    'out-of-service':
      'Finesse は現在サービス停止中です。デスクトップは確認を続け、Finesse（またはもう一方のサーバー）が復旧すると自動的に再開します。',
    'part-unavailable':
      'サインインに必要なファイルをサーバーから読み込めませんでした。ネットワーク接続を確認してページを再読み込みしてください。繰り返し発生する場合は管理者に連絡してください。',
  },
  connection: {
    certificateLead:
      'ブラウザーが次のアドレスの Finesse に接続できません。サーバー証明書が信頼されていない可能性があります。',
    networkLead:
      'ブラウザーが次のアドレスの Finesse に接続できません（ネットワーク、ファイアウォール、またはサーバーの停止）。',
    openOnce:
      '一度このアドレスを開いてください。証明書の警告が表示された場合は、証明書を受け入れるか、IT 部門に証明書のインストールを依頼してください。',
    cspBlocked: (origin, directive) =>
      `このページのセキュリティ ポリシー（Content-Security-Policy の ${directive}）が ${origin} への接続をブロックしています。許可するよう管理者に依頼してください。`,
    corsNotAllowed: (finesse, desktop, command) =>
      `${finesse} の Finesse は応答していますが、このデスクトップ（${desktop}）からの利用を許可していません。各 Finesse サーバーで次のコマンドを実行するよう管理者に依頼してください: ${command}`,
    clearsItself: '接続できるようになると、このメッセージは自動的に消えます。',
  },
  oauthErrors: {
    'refresh-rejected':
      'ID プロバイダーがサインインを受け付けなくなりました。時間切れになる前に「再度サインイン」を選択してください。',
    'refresh-token-not-returned':
      'ID プロバイダーがサインインを更新した際に新しい更新トークンを返さず、その後、以前のトークンを拒否しました。時間切れになる前に「再度サインイン」を選択してください。更新のたびに発生する場合は管理者に連絡してください。',
    network:
      'サインイン サーバーに接続できません。ネットワーク接続を確認してから、もう一度お試しください。',
    timeout:
      'サインイン サーバーが時間内に応答しませんでした。ネットワーク接続を確認してから、もう一度お試しください。',
    'server-error':
      'サインイン サーバーで問題が発生しました。しばらくしてからもう一度お試しください。続く場合はスーパーバイザーに連絡してください。',
    'foreign-origin':
      '対象外のサーバーにサインイン情報が送信されそうになったため、停止しました。管理者に連絡してください。',
    'api-error':
      'サーバーが要求を拒否しました。「再試行」を選択してください。繰り返し発生する場合はスーパーバイザーに連絡してください。',
  },
  agent: {
    notSignedIn: 'Finesse にサインインしていません。',
    health: {
      signedOut: 'サインアウトしています。これらの操作を使うにはサインインしてください。',
      signingIn: 'サインイン中です。完了するとこれらの操作が再び使えます。',
      offline:
        'Finesse が応答していません。操作は一時停止中で、表示中の時間は古い可能性があります。操作は不要です。このデスクトップが再試行を続けています。',
      expired:
        'サインインの有効期限が切れました。これらの操作を使うには再度サインインしてください。',
      signInSoon: (time) =>
        `あと ${time} 以内に再度サインインしてください。過ぎるとこれらの操作は使えなくなります。`,
    },
    staleTime: '古い可能性あり',
    states: {
      LOGOUT: 'ログアウト',
      NOT_READY: '受信不可',
      READY: '受信可',
      RESERVED: '予約済み',
      RESERVED_OUTBOUND: '予約済み（発信）',
      RESERVED_OUTBOUND_PREVIEW: '予約済み（プレビュー）',
      TALKING: '通話中',
      HOLD: '保留中',
      WORK: '後処理',
      WORK_READY: '後処理（終了後に受信可）',
      UNKNOWN: '不明',
    },
    extension: (extension) => `内線 ${extension}`,
    timeInStateLabel: '現在の状態の経過時間',
    pending: (state) => `次の状態: ${state}（通話終了後）`,
    inCallNote: '通話中は、「受信不可」と「ログアウト」は通話終了後に反映されます。',
    actionsLabel: '状態の変更',
    ready: '受信可',
    notReady: '受信不可',
    logout: 'ログアウト',
    login: 'ログイン',
    notReadyReasonLabel: '受信不可の理由',
    logoutReasonLabel: 'ログアウトの理由',
    chooseReason: '理由を選択…',
    noReason: '理由なし',
    extensionLabel: '電話の内線番号',
    extensionMissing: '電話の内線番号を入力してください。',
    extensionInvalid: '内線番号は数字のみです。',
    sending: '送信中…',
    pollingWarning:
      'リアルタイム更新を利用できません。このデスクトップは数秒ごとに Finesse を確認しています。Finesse により電話からサインアウトされる可能性があります。',
    errorLead: 'Finesse が要求を拒否しました:',
    dismiss: '閉じる',
    dismissLabel: 'このエラーを閉じる',
  },
  dialog: {
    callsLabel: '通話',
    noCalls: '通話はありません。',
    ringing: '着信中',
    more: 'その他の操作',
    callDuringCall:
      '通話中にほかの相手へ電話するには、「その他の操作」から「打診」を使ってください。',
    callWith: (party) => `${party} との通話`,
    direction: { incoming: '着信', outgoing: '発信', consult: '打診' },
    states: {
      ALERTING: '呼び出し中',
      INITIATING: '発信中',
      INITIATED: '発信中',
      ACTIVE: '通話中',
      HELD: '保留中',
      DROPPED: '終了',
      FAILED: '失敗',
      WRAP_UP: '後処理',
      ACCEPTED: '受付済み',
    },
    durationLabel: '通話時間',
    variablesLabel: 'コール変数',
    actionsLabel: (party) => `${party} との通話の操作`,
    answer: '応答',
    hold: '保留',
    retrieve: '保留解除',
    drop: '切断',
    consult: '打診',
    transfer: '転送',
    completeTransfer: '転送を完了',
    conference: '会議',
    keypad: 'キーパッド',
    keypadLabel: (party) => `${party} との通話のキーパッド`,
    targetLabel: '打診・転送先の番号',
    dialLabel: '発信先の番号',
    call: '発信',
    problems: {
      'empty-number': '先に番号を入力してください。',
      'self-call': 'ご自身の内線番号です。別の番号を入力してください。',
      'invalid-number': (typed) =>
        `「${typed}」は電話番号ではありません。数字と * # + のみを使用してください。`,
    },
  },
};
