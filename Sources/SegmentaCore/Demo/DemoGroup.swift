/// A behaviour group planted in the demo data, modelled on the brief's case study.
///
/// Rates are expected events per customer over the 90-day window; each customer's rates are the
/// group's multiplied by a personal log-normal activity factor, so usage is skewed as in real data.
public struct DemoGroup: Sendable {
  /// `C1` … `C8`.
  public var code: String
  /// Chinese name from the case.
  public var nameZH: String
  /// English name.
  public var nameEN: String
  /// Share of customers.
  public var share: Double

  var calls: Double = 22
  var callSeconds: Double = 100
  var scope: [Double] = [0.80, 0.18, 0.02]  // local, long distance, international
  var roaming: [Double] = [0.95, 0.045, 0.005]  // none, domestic, international
  var network: [Double] = [0.50, 0.25, 0.17, 0.08]  // own, rival, fixed, PHS
  var peakShare = 0.60
  var weekendShare = 0.27
  var contacts: Double = 12
  var ipCalls: Double = 1
  var ipSeconds: Double = 240
  var sms: Double = 12
  var smsLength: Double = 40
  var smsContacts: Double = 8
  var vasSMS: Double = 3
  var vasFee: Double = 1
  var dataSessions: Double = 7
  var dataMegabytes: Double = 1.5
  var wapShare = 0.35
  var hotline: Double = 0.3
  var hotlineSeconds: Double = 150
  var forwards: Double = 0.3
  var brokerCallsShare = 0.02
  var femaleShare = 0.5
  var meanAge: Double = 34
  var brandWeights: [Double] = [0.25, 0.30, 0.45]  // 全球通, 动感地带, 神州行
  var arpu: Double = 60
  var cityWeights: [Double] = [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]

  init(code: String, nameZH: String, nameEN: String, share: Double, _ configure: (inout DemoGroup) -> Void) {
    self.code = code
    self.nameZH = nameZH
    self.nameEN = nameEN
    self.share = share
    configure(&self)
  }

  /// The eight groups of the brief's case, C1–C8, in unequal sizes.
  public static let all: [DemoGroup] = [
    DemoGroup(code: "C1", nameZH: "资费敏感组", nameEN: "Price-sensitive", share: 0.200) { g in
      g.calls = 10; g.callSeconds = 70; g.scope = [0.90, 0.10, 0.0]
      g.vasSMS = 18; g.vasFee = 2; g.hotline = 4; g.hotlineSeconds = 260
      g.dataSessions = 18; g.wapShare = 0.85; g.dataMegabytes = 0.6; g.weekendShare = 0.52
      g.femaleShare = 0.55; g.meanAge = 30; g.brandWeights = [0.05, 0.35, 0.60]; g.arpu = 42
    },
    DemoGroup(code: "C2", nameZH: "短信专家组", nameEN: "SMS experts", share: 0.120) { g in
      g.calls = 8; g.callSeconds = 55; g.sms = 100; g.smsContacts = 22; g.vasSMS = 8; g.smsLength = 45
      g.femaleShare = 0.60; g.meanAge = 23; g.brandWeights = [0.05, 0.80, 0.15]; g.arpu = 48
    },
    DemoGroup(code: "C3", nameZH: "IP长话组", nameEN: "IP long-distance", share: 0.081) { g in
      g.calls = 9; g.callSeconds = 160; g.scope = [0.35, 0.62, 0.03]; g.network = [0.20, 0.08, 0.67, 0.05]
      g.ipCalls = 16; g.ipSeconds = 420; g.vasSMS = 7; g.contacts = 6
      g.femaleShare = 0.19; g.meanAge = 38; g.brandWeights = [0.30, 0.10, 0.60]; g.arpu = 91
    },
    DemoGroup(code: "C4", nameZH: "移动联系紧密组", nameEN: "Close to own-network mobiles", share: 0.140) { g in
      g.calls = 26; g.network = [0.90, 0.04, 0.04, 0.02]; g.sms = 45; g.smsContacts = 18
      g.dataSessions = 45; g.dataMegabytes = 6; g.wapShare = 0.5; g.roaming = [0.78, 0.21, 0.01]
      g.meanAge = 27; g.brandWeights = [0.20, 0.65, 0.15]; g.arpu = 70
    },
    DemoGroup(code: "C5", nameZH: "联通联系紧密组", nameEN: "Close to rival-network users", share: 0.100) { g in
      g.calls = 24; g.network = [0.17, 0.75, 0.06, 0.02]; g.sms = 2.5; g.vasSMS = 0.5
      g.dataSessions = 2; g.ipCalls = 0.1; g.meanAge = 36; g.brandWeights = [0.20, 0.15, 0.65]; g.arpu = 60
    },
    DemoGroup(code: "C6", nameZH: "小灵通联系紧密组", nameEN: "Close to PHS users", share: 0.088) { g in
      g.calls = 24; g.network = [0.22, 0.10, 0.10, 0.58]; g.peakShare = 0.25; g.scope = [0.97, 0.03, 0.0]
      g.roaming = [0.995, 0.005, 0.0]; g.sms = 30; g.smsLength = 130; g.smsContacts = 25
      g.meanAge = 41; g.brandWeights = [0.10, 0.20, 0.70]; g.arpu = 50
      g.cityWeights = [0.3, 0.3, 0.5, 0.5, 3, 1, 2.5, 1.5, 1, 3]
    },
    DemoGroup(code: "C7", nameZH: "高国际长途漫游组", nameEN: "High international calls & roaming", share: 0.028) { g in
      g.calls = 36; g.callSeconds = 200; g.scope = [0.45, 0.25, 0.30]; g.roaming = [0.55, 0.10, 0.35]
      g.forwards = 10; g.brokerCallsShare = 0.10; g.femaleShare = 0.30; g.meanAge = 44
      g.brandWeights = [0.85, 0.05, 0.10]; g.arpu = 117; g.cityWeights = [3, 3, 2, 2.5, 0.5, 1, 0.5, 0.5, 0.7, 0.3]
    },
    DemoGroup(code: "C8", nameZH: "商务繁忙组", nameEN: "Busy business", share: 0.243) { g in
      g.calls = 85; g.callSeconds = 150; g.contacts = 60; g.peakShare = 0.78; g.roaming = [0.88, 0.115, 0.005]
      g.forwards = 0.05; g.brokerCallsShare = 0.06; g.femaleShare = 0.35; g.meanAge = 39
      g.brandWeights = [0.70, 0.05, 0.25]; g.arpu = 125
    },
  ]
}
