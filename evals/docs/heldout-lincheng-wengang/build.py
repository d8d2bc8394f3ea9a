# -*- coding: utf-8 -*-
"""Build a saved government web page (document.html) carrying a fictional 人社局 notice."""
from pathlib import Path

OUT = Path(__file__).with_name("document.html")

TITLE = "临澄市人力资源和社会保障局 临澄市财政局关于做好2026年度稳岗返还和就业补贴申领工作的通知"
NBSP = "&nbsp;&nbsp;&nbsp;&nbsp;"

# ---------------------------------------------------------------- article body
# Each entry: ("p", text) normal indented paragraph; ("h", text) bold heading line;
# ("raw", html) inserted verbatim.
BODY = [
    ("center", "临人社发〔2026〕9号"),
    ("plain", "各区人力资源和社会保障局、财政局，临澄高新区社会事业局、财政金融局，市社会保险事业管理中心、市就业服务中心，各有关用人单位："),
    ("p", "为深入实施就业优先战略，充分发挥失业保险基金和就业补助资金稳岗位、扩就业、保民生的作用，帮助各类经营主体稳定现有岗位、扩大吸纳就业，根据国家和省关于延续实施援企稳岗政策的部署要求，结合《临澄市人民政府关于进一步做好稳就业工作的若干措施》（临政发〔2025〕31号），经研究，现就做好我市2026年度稳岗返还和就业补贴申领工作有关事项通知如下："),

    ("h", "一、补贴项目、申领条件及标准"),
    ("h2", "（一）失业保险稳岗返还"),
    ("p", "1.适用对象。在本市依法参加失业保险，且2025年1月1日至12月31日期间按时足额缴纳失业保险费满12个月的企业。社会团体、基金会、社会服务机构、律师事务所、会计师事务所以及以单位形式参保的个体工商户，参照企业执行。"),
    ("p", "2.申领条件。申领单位须同时符合以下条件：第一，2025年度未裁员或裁员率不高于5.5%，参保职工30人（含）以下的，裁员率不高于参保职工总数的20%；第二，申领时处于正常参保缴费状态，截至2025年12月31日无欠缴失业保险费记录；第三，未被列入严重失信主体名单；第四，同一年度内未在其他地区就同一参保年度享受过稳岗返还。"),
    ("p", "裁员率＝（2025年1月末参保职工人数－2025年12月末参保职工人数）÷2025年1月末参保职工人数×100%。计算结果为负数的，视为未裁员；年度内新设立的企业，以首次参保缴费当月末的参保职工人数作为基数。"),
    ("p", "3.返还标准。中小微企业按企业及其职工2025年度实际缴纳失业保险费的60%返还，大型企业按30%返还。企业规模按照国家《中小企业划型标准规定》划分，以市场监管部门共享的企业登记数据和统计部门的数据为依据。单户企业返还金额最高不超过300万元。返还资金主要用于职工生活补助、缴纳社会保险费、转岗培训和技能提升培训等稳定就业岗位的支出。"),
    ("p", "4.经办方式。中小微企业稳岗返还实行“免申即享”，企业无需提交申请，由经办机构通过大数据比对主动确定返还对象和金额；大型企业稳岗返还实行“依申请办理”，由企业按本通知规定的时间自行申报。"),
    ("p", "5.特殊情形。已进入破产清算程序、已申请注销或被吊销营业执照的企业，不予返还。2025年度发生合并、分立的企业，由承继其权利义务的企业按合并、分立前各企业的参保缴费情况合并计算裁员率和返还金额。"),

    ("h2", "（二）一次性扩岗补助"),
    ("p", "1.适用对象。2026年1月1日至12月31日期间，招用毕业年度或离校2年内未就业高校毕业生、登记失业的16—24岁青年，与其签订1年以上劳动合同，并为其按月足额缴纳失业保险费满3个月的企业。参照企业参保的单位同样适用。"),
    ("p", "2.补助标准。按每招用1人1500元的标准发放一次性扩岗补助，同一企业当年补助人数最多不超过50人。同一名高校毕业生或青年只能被申领一次，在不同企业间流动就业的，以首家申领企业为准。"),
    ("p", "3.退回情形。享受一次性扩岗补助的企业，在劳动合同履行满1年前与招用人员解除劳动合同的，应当在解除之日起30日内主动退回该名人员对应的补助资金；劳动者本人主动辞职或因严重违反用人单位规章制度被解除劳动合同的除外。"),
    ("p", "4.申领期限。一次性扩岗补助于2026年12月31日前申领。2026年10月以后招用人员、截至2026年12月31日缴费不满3个月的，可延续至2027年3月31日前申领。"),
    ("p", "5.认定口径。高校毕业生包括普通高等学校、技工院校高级工班和预备技师（技师）班、特殊教育院校职业教育类毕业生；登记失业青年须已在本市公共就业服务机构办理失业登记，且被招用时仍处于登记失业状态。"),

    ("h2", "（三）企业吸纳就业社会保险补贴"),
    ("p", "1.吸纳就业困难人员。企业招用经人社部门认定的就业困难人员，与其签订1年以上劳动合同并缴纳社会保险费的，按企业为其实际缴纳的基本养老保险费、基本医疗保险费和失业保险费给予补贴，不含个人应缴纳部分。补贴期限最长不超过3年；对招用时距法定退休年龄不足5年的，补贴期限可延长至其达到法定退休年龄。"),
    ("p", "2.小微企业吸纳高校毕业生。小微企业招用毕业年度或离校2年内未就业高校毕业生，与其签订1年以上劳动合同并缴纳社会保险费的，按上述标准给予最长不超过1年的社会保险补贴。"),
    ("p", "3.期限计算。同一人员已享受过社会保险补贴、在补贴期限内重新就业的，补贴期限累计计算，不重新起算。社会保险补贴按季度申领，补贴资金拨付至企业对公账户。"),
    ("p", "4.除外情形。企业招用本单位法定代表人、出资人及其配偶、直系亲属的，不享受社会保险补贴，也不得申领一次性扩岗补助和一次性吸纳就业补贴。"),

    ("h2", "（四）一次性吸纳就业补贴"),
    ("p", "企业吸纳脱贫人口（含防止返贫监测对象）就业，与其签订1年以上劳动合同并缴纳社会保险费满6个月的，按每人2000元给予一次性吸纳就业补贴。对同一名劳动者，一次性吸纳就业补贴与一次性扩岗补助不得重复享受，企业可择优申领其中一项。"),

    ("h2", "（五）职业介绍补贴"),
    ("p", "经营性人力资源服务机构取得人力资源服务许可证并在本市注册满1年，为本市重点企业介绍就业困难人员、高校毕业生、脱贫人口等重点群体就业，被介绍人员与重点企业签订6个月以上劳动合同并缴纳社会保险费满3个月，且服务过程中未向求职者收取任何费用的，按每介绍成功1人400元给予职业介绍补贴；单个机构年度补贴总额不超过30万元。"),
    ("p", "重点企业名单由市就业服务中心会同市发展改革委、市工业和信息化局确定，2026年共纳入重点企业286家，名单在市人力资源和社会保障局网站“重点企业用工服务”专栏公布，并根据企业用工情况动态调整。"),

    ("h", "二、申领程序"),
    ("h2", "（一）“免申即享”程序（适用于中小微企业稳岗返还）"),
    ("p", "第一，数据比对。市社会保险事业管理中心会同市市场监管局、市发展改革委，于2026年4月15日前完成参保缴费、裁员率、企业规模和信用状况等数据的比对筛查，形成拟返还企业名单及返还金额。"),
    ("p", "第二，信息推送。拟返还名单经各区人社部门复核后，通过“临澄人社”政务服务平台和手机短信向企业推送返还信息。"),
    ("p", "第三，企业确认。企业应在收到推送信息之日起10个工作日内登录平台确认对公银行账户信息；对返还金额有异议的，可在同一期限内在线提出复核申请。逾期未确认的视为自愿放弃，但可在2026年9月30日前向参保地区人社部门补充申请。"),
    ("p", "第四，公示拨付。确认名单在市人力资源和社会保障局网站集中公示5个工作日；公示无异议的，由市社会保险事业管理中心在公示期满后7个工作日内将返还资金拨付至企业对公账户。"),

    ("h2", "（二）“依申请”程序（适用于大型企业稳岗返还和其他各项补贴）"),
    ("p", "第一，网上申报。申领单位登录“临澄人社网上办事大厅”或“临澄就业”微信小程序，填报申请信息并上传材料。网上申报确有困难的，可到附件2所列受理窗口现场申报。"),
    ("p", "第二，受理审核。区人社部门（高新区社会事业局）自受理之日起10个工作日内完成审核。材料不齐全的，一次性告知需补正的全部内容，补正时间不计入审核时限。"),
    ("p", "第三，结果公示。审核通过的，在所在区政府门户网站公示5个工作日，公示内容包括单位名称、补贴项目、补贴人数和补贴金额，不公开劳动者身份证号码等个人敏感信息。"),
    ("p", "第四，资金拨付。公示无异议的，稳岗返还、一次性扩岗补助由社保经办机构从失业保险基金中支付；社会保险补贴、一次性吸纳就业补贴和职业介绍补贴由区人社部门向同级财政部门提出拨款申请，财政部门在收到申请后7个工作日内拨付至单位对公账户。"),
    ("h2", "（三）异议处理"),
    ("p", "公示期间收到实名举报或异议的，由区人社部门在10个工作日内完成核查；经核查不符合条件的，不予拨付并书面告知申领单位理由。申领单位对审核结果有异议的，可自收到书面告知之日起15个工作日内向市人力资源和社会保障局申请复核，市人力资源和社会保障局在15个工作日内作出复核决定。"),

    ("h", "三、申报材料"),
    ("p", "（一）大型企业稳岗返还。1.《临澄市2026年度失业保险稳岗返还申请表》（由系统自动生成，加盖单位公章后上传）；2.裁员情况说明（2025年度有裁员的提供）；3.单位对公银行账户信息。"),
    ("p", "（二）一次性扩岗补助。1.补助申请表；2.招用人员花名册；3.劳动合同（首页、合同期限页及双方签字页）；4.高校毕业生的毕业证书编号，或青年的失业登记证明。"),
    ("p", "（三）企业吸纳就业社会保险补贴。1.补贴申请表；2.劳动合同；3.就业困难人员认定证明或高校毕业生毕业证书编号；4.当季社会保险缴费明细（由系统自动调取，企业无需另行提供）。"),
    ("p", "（四）一次性吸纳就业补贴。1.补贴申请表；2.劳动合同。脱贫人口和防止返贫监测对象身份由系统与乡村振兴部门数据比对确认，不再要求企业提供证明。"),
    ("p", "（五）职业介绍补贴。1.补贴申请表；2.人力资源服务许可证；3.与重点企业签订的职业介绍服务协议及服务台账；4.被介绍人员的劳动合同；5.未向求职者收费的书面承诺。"),
    ("p", "凡能通过政务数据共享获取的营业执照、参保缴费、学历学籍、身份信息等，一律不再要求申领单位提供纸质材料；申领单位对所提交材料的真实性负责，并签署诚信承诺书。"),

    ("h", "四、时间安排"),
    ("p", "（一）中小微企业稳岗返还：2026年4月15日前完成数据比对，4月下旬起分批推送，2026年6月30日前完成首批资金拨付。"),
    ("p", "（二）大型企业稳岗返还：集中申报时间为2026年4月20日至5月31日，逾期未申报的视为放弃。"),
    ("p", "（三）一次性扩岗补助：常年受理，截至2026年12月31日（特殊情形按本通知第一部分第（二）项执行）。实行按季度集中审核，每季度末月20日前提交的申请纳入当季审核。"),
    ("p", "（四）企业吸纳就业社会保险补贴：按季度申领，每季度结束后次月1日至20日申领上一季度补贴；2026年第四季度补贴应于2027年1月20日前申领，逾期不予受理。"),
    ("p", "（五）一次性吸纳就业补贴：2026年全年受理，截至2026年12月31日。"),
    ("p", "（六）职业介绍补贴：分两批受理，第一批为2026年6月1日至6月30日，第二批为2026年12月1日至12月20日。"),

    ("h", "五、资金保障和监督管理"),
    ("p", "（一）资金来源。稳岗返还和一次性扩岗补助从失业保险基金中列支；社会保险补贴、一次性吸纳就业补贴和职业介绍补贴从就业补助资金中列支，所需资金由市、区两级按6∶4的比例分担。2026年市级财政安排就业补助资金2.8亿元；经初步测算，全年稳岗返还资金约4.6亿元，预计惠及企业约1.9万家。"),
    ("p", "（二）防止重复享受。同一单位、同一人员在同一时期内不得重复享受同类补贴。已按其他政策享受社会保险补贴的人员，相应时段不再纳入本通知补贴范围。"),
    ("p", "（三）加强监督检查。各区人社部门会同财政部门，按照不低于已拨付单位数15%的比例开展随机抽查，重点核查劳动关系真实性、参保缴费连续性和补贴人员身份信息，抽查结果于2026年11月30日前报市人力资源和社会保障局。"),
    ("p", "（四）严肃违规处理。对以虚构劳动关系、伪造或变造材料等手段骗取补贴资金的单位，由人社部门责令退回已领取的资金，3年内不得申领各类就业补贴，并按规定纳入公共信用信息记录；涉嫌犯罪的，依法移送司法机关处理。经办人员滥用职权、玩忽职守、徇私舞弊的，依纪依法追究责任。"),
    ("p", "（五）主动公开信息。各区应于每季度结束后15日内，在区政府门户网站公开上一季度各项补贴的享受单位名单、补贴人数和补贴金额，接受社会监督；稳岗返还享受单位名单由市社会保险事业管理中心统一公开。"),

    ("h", "六、工作要求"),
    ("p", "（一）压实工作责任。各区要成立由分管负责同志牵头，人社、财政、社保经办等部门参加的工作专班，明确专人负责政策落实，确保补贴资金及时足额发放到位。"),
    ("p", "（二）加强政策宣传。各区要组织开展“政策找企”专项行动，于2026年3月31日前通过短信、政务新媒体等渠道向辖区全部参保企业推送政策信息；每个区举办“稳岗政策进园区”宣讲活动不少于4场。"),
    ("p", "（三）优化经办服务。各级受理窗口要设立“稳岗就业补贴”服务专窗，推行“一次告知、一表申请、一网通办”，对小微企业提供帮办代办服务。"),
    ("p", "（四）强化数据支撑。市社会保险事业管理中心要在2026年3月20日前完成补贴申领经办系统升级，实现与市场监管、教育、民政、乡村振兴等部门数据的实时共享，做到“数据多跑路、企业少跑腿”。"),
    ("p", "（五）按时报送进度。各区于每月5日前将上月各项补贴发放情况报送市就业服务中心，于2026年7月10日前报送上半年工作总结，于2027年1月15日前报送全年工作总结。"),

    ("h", "七、其他事项"),
    ("p", "本通知自印发之日起施行，执行期至2026年12月31日。执行期内国家和省出台新规定的，从其规定。《临澄市人力资源和社会保障局 临澄市财政局关于做好2025年度稳岗返还和就业补贴工作的通知》（临人社发〔2025〕6号）同时废止。"),
    ("p", "政策咨询可拨打12333人社服务热线，或联系以下单位："),
    ("raw", "CONTACTS"),
    ("p", "附件：1.临澄市2026年度稳岗就业补贴项目及标准一览表"),
    ("raw", "<p style=\"text-indent:5em;\">2.各区（高新区）受理窗口及联系方式</p>"),
    ("raw", "SIGN"),
    ("raw", "ANNEX"),
]

CONTACTS = [
    ("市人力资源和社会保障局就业促进和失业保险处", "周明远", "86327415", "临澄市望川区文昌路118号市民中心B座7楼712室"),
    ("市财政局社会保障处", "韩　静", "86215630", "临澄市望川区迎宾大道66号财政大楼5楼"),
    ("市社会保险事业管理中心失业保险科", "孙嘉禾", "86390127", "临澄市鹤洲区长堤路27号1楼"),
    ("市就业服务中心就业补贴科", "邱晓燕", "86332208", "临澄市望川区文昌路118号市民中心A座3楼"),
]

ANNEX1 = [
    ("序号", "补贴项目", "补贴对象", "补贴标准", "申领方式", "受理时间", "资金渠道"),
    ("1", "失业保险稳岗返还（中小微企业）", "符合条件的中小微企业及参照企业执行的单位", "2025年度实际缴纳失业保险费的60%", "免申即享", "4月下旬起分批推送，企业10个工作日内确认", "失业保险基金"),
    ("2", "失业保险稳岗返还（大型企业）", "符合条件的大型企业", "2025年度实际缴纳失业保险费的30%，单户最高300万元", "依申请", "2026年4月20日至5月31日", "失业保险基金"),
    ("3", "一次性扩岗补助", "招用高校毕业生、16—24岁登记失业青年的企业", "1500元/人，每户最多50人", "依申请", "常年受理，按季度集中审核", "失业保险基金"),
    ("4", "企业吸纳就业社会保险补贴", "招用就业困难人员的企业；招用高校毕业生的小微企业", "单位实际缴纳的养老、医疗、失业保险费", "依申请", "每季度结束后次月1日至20日", "就业补助资金"),
    ("5", "一次性吸纳就业补贴", "吸纳脱贫人口（含防止返贫监测对象）的企业", "2000元/人", "依申请", "2026年全年", "就业补助资金"),
    ("6", "职业介绍补贴", "经营性人力资源服务机构", "400元/人，单个机构年度最高30万元", "依申请", "6月1日至30日、12月1日至20日", "就业补助资金"),
]

ANNEX2 = [
    ("序号", "区域", "受理窗口", "地址", "咨询电话"),
    ("1", "望川区", "望川区人力资源市场就业服务窗口", "望川区青阳路45号区政务服务中心2楼21—23号窗口", "85120336"),
    ("2", "鹤洲区", "鹤洲区公共就业服务中心", "鹤洲区滨湖东路208号1楼大厅", "85437719"),
    ("3", "柳汀区", "柳汀区政务服务中心人社综合窗口", "柳汀区柳塘街9号区政务服务中心3楼", "85761042"),
    ("4", "清渚区", "清渚区就业和社会保障服务中心", "清渚区渚北路133号", "85903867"),
    ("5", "石埭区", "石埭区政务服务中心就业补贴专窗", "石埭区埭口大道501号区政务服务中心1楼8号窗口", "86650214"),
    ("6", "临澄高新区", "高新区社会事业局劳动就业服务窗口", "高新区创智路16号科创大厦西楼2楼", "86928851"),
    ("7", "市本级", "市就业服务中心服务大厅", "望川区文昌路118号市民中心A座1楼", "86332200"),
]


def body_html():
    out = []
    for kind, text in BODY:
        if kind == "center":
            out.append(f'<p style="text-align:center;">{text}</p>')
        elif kind == "plain":
            out.append(f"<p>{text}</p>")
        elif kind == "p":
            out.append(f"<p>{NBSP}{text}</p>")
        elif kind == "h":
            out.append(f'<p>{NBSP}<strong>{text}</strong></p>')
        elif kind == "h2":
            out.append(f'<p>{NBSP}<span style="font-family:楷体_GB2312,楷体;">{text}</span></p>')
        elif kind == "raw":
            if text == "CONTACTS":
                for unit, name, tel, addr in CONTACTS:
                    out.append(f"<p>{NBSP}{unit}<br>\n{NBSP}联系人：{name}&nbsp;&nbsp;电话：{tel}<br>\n{NBSP}地址：{addr}</p>")
            elif text == "SIGN":
                out.append('<p><br></p>')
                out.append('<p style="text-align:right;">临澄市人力资源和社会保障局&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;临澄市财政局</p>')
                out.append('<p style="text-align:right;">2026年2月26日&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;</p>')
                out.append(f'<p>{NBSP}（此件主动公开）</p>')
                out.append('<p><br></p>')
                out.append('<p style="border-top:1px solid #000;border-bottom:1px solid #000;padding:4px 0;">抄送：省人力资源和社会保障厅，省财政厅。</p>')
                out.append('<p style="border-bottom:1px solid #000;padding:4px 0;">临澄市人力资源和社会保障局办公室&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;2026年2月27日印发</p>')
            elif text == "ANNEX":
                out.append('<p><br></p>')
                out.append('<p><strong>附件1</strong></p>')
                out.append('<p style="text-align:center;"><strong>临澄市2026年度稳岗就业补贴项目及标准一览表</strong></p>')
                out.append(table(ANNEX1))
                out.append('<p><br></p>')
                out.append('<p><strong>附件2</strong></p>')
                out.append('<p style="text-align:center;"><strong>各区（高新区）受理窗口及联系方式</strong></p>')
                out.append(table(ANNEX2))
                out.append(f'<p>{NBSP}注：各受理窗口办公时间为法定工作日上午9:00—12:00、下午13:30—17:30。</p>')
            else:
                out.append(text)
    return "\n".join(out)


def table(rows):
    h = ['<table class="MsoNormalTable" border="1" cellspacing="0" cellpadding="0" width="100%" style="border-collapse:collapse;border:none;">', "<tbody>"]
    for i, r in enumerate(rows):
        tag = "td"
        cells = []
        for c in r:
            style = ' style="text-align:center;background:#f2f2f2;font-weight:bold;"' if i == 0 else ' style="padding:3px 5px;"'
            cells.append(f"<{tag} valign=\"middle\"{style}><p>{c}</p></{tag}>")
        h.append("<tr>" + "".join(cells) + "</tr>")
    h += ["</tbody>", "</table>"]
    return "\n".join(h)


NAV = ["首页", "机构概况", "政务公开", "政务服务", "就业创业", "社会保障", "人才人事", "劳动关系", "互动交流", "专题专栏"]

RELATED = [
    "临澄市人力资源和社会保障局关于公布2026年度第一批市级就业见习基地名单的通知",
    "临澄市2026年“春风行动暨就业援助月”专项活动实施方案",
    "关于开展2026年临澄市职业技能等级认定第一批次考核工作的公告",
    "临澄市人力资源和社会保障局关于做好2026年高校毕业生等青年就业创业工作的通知",
    "关于公布2025年度临澄市市级创业孵化示范基地名单的公示",
]
HOT = [
    "政策解读｜一图读懂2026年度稳岗返还“免申即享”",
    "2026年临澄市事业单位公开招聘工作人员公告",
    "临澄市2026年度企业职工基本养老保险待遇调整问答",
    "关于临澄人社网上办事大厅系统升级暂停服务的公告",
    "2026年第一季度临澄市重点企业用工需求信息发布",
]


def page():
    nav = "\n".join(
        f'<li class="nav-item{" on" if n == "政务公开" else ""}"><a href="https://rsj.lincheng.gov.cn/{i}/index.html" target="_self">{n}</a></li>'
        for i, n in enumerate(NAV))
    rel = "\n".join(f'<li><span class="dot"></span><a href="../202602/t2026022{i}_48{i}31{i}.html" title="{t}" target="_blank">{t}</a></li>' for i, t in enumerate(RELATED))
    hot = "\n".join(f'<li><em class="num">{i+1}</em><a href="../202603/t2026030{i}_49{i}02{i}.html" title="{t}" target="_blank">{t}</a></li>' for i, t in enumerate(HOT))
    return f"""<!DOCTYPE html>
<!-- saved from url=(0071)https://rsj.lincheng.gov.cn/zwgk/tzgg/202603/t20260302_4917325.html -->
<html lang="zh-CN"><head><meta http-equiv="Content-Type" content="text/html; charset=UTF-8">
<meta http-equiv="X-UA-Compatible" content="IE=edge,chrome=1">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<meta name="SiteName" content="临澄市人力资源和社会保障局">
<meta name="SiteDomain" content="rsj.lincheng.gov.cn">
<meta name="SiteIDCode" content="3312000037">
<meta name="ColumnName" content="通知公告">
<meta name="ColumnType" content="通知公告">
<meta name="ArticleTitle" content="{TITLE}">
<meta name="PubDate" content="2026-03-02 10:15">
<meta name="ContentSource" content="临澄市人力资源和社会保障局">
<meta name="Keywords" content="稳岗返还,一次性扩岗补助,社会保险补贴,就业补贴">
<meta name="Description" content="临澄市人力资源和社会保障局 临澄市财政局关于做好2026年度稳岗返还和就业补贴申领工作的通知">
<title>{TITLE}_通知公告_临澄市人力资源和社会保障局</title>
<link rel="stylesheet" type="text/css" href="./t20260302_4917325_files/base.css">
<link rel="stylesheet" type="text/css" href="./t20260302_4917325_files/common.css">
<link rel="stylesheet" type="text/css" href="./t20260302_4917325_files/article.css">
<script type="text/javascript" src="./t20260302_4917325_files/jquery-1.12.4.min.js"></script>
<script type="text/javascript" src="./t20260302_4917325_files/jquery.SuperSlide.2.1.3.js"></script>
<script type="text/javascript" src="./t20260302_4917325_files/assist.js" charset="utf-8"></script>
<style type="text/css">
  .TRS_Editor p{{line-height:2em;margin:0 0 0.6em 0;font-size:16px;}}
  .TRS_Editor table td p{{text-indent:0;margin:0;font-size:14px;line-height:1.6em;}}
  .article-title{{font-size:24px;color:#b40000;text-align:center;line-height:1.5em;padding:20px 40px 10px;}}
  .info-bar span{{margin:0 10px;color:#666;}}
  .sidebar .box h3{{background:#1d5fa8;color:#fff;padding:6px 12px;}}
</style>
<script>
  var _hmt = _hmt || [];
  (function() {{
    var hm = document.createElement("script");
    hm.src = "https://tongji.lincheng.gov.cn/stat.js?sid=rsj2020";
    var s = document.getElementsByTagName("script")[0];
    s.parentNode.insertBefore(hm, s);
  }})();
</script>
</head>
<body>
<div class="topbar">
  <div class="w1200 clearfix">
    <div class="fl">
      <span id="today">今天是：2026年3月9日&nbsp;星期一</span>
      <span class="weather">晴&nbsp;6℃~15℃</span>
    </div>
    <div class="fr top-links">
      <a href="javascript:void(0);" id="wza" onclick="aria.start()">无障碍</a>|
      <a href="javascript:void(0);" id="zzms" onclick="aria.oldFixedStart()">长者模式</a>|
      <a href="https://rsj.lincheng.gov.cn/jianti/" class="jt">简体版</a>|
      <a href="https://zwfw.lincheng.gov.cn/login?redirect=rsj" target="_blank">登录</a>|
      <a href="https://zwfw.lincheng.gov.cn/register" target="_blank">注册</a>|
      <a href="https://www.lincheng.gov.cn/" target="_blank">临澄市人民政府</a>
    </div>
  </div>
</div>
<div class="header">
  <div class="w1200 clearfix">
    <a class="logo fl" href="https://rsj.lincheng.gov.cn/"><img src="./t20260302_4917325_files/logo.png" alt="临澄市人力资源和社会保障局"></a>
    <div class="search fr">
      <form action="https://search.lincheng.gov.cn/search" method="get" target="_blank">
        <input type="hidden" name="siteCode" value="3312000037">
        <input type="text" name="q" class="sinput" placeholder="请输入关键词">
        <input type="submit" class="sbtn" value="搜索">
      </form>
      <div class="hotwords">热词：<a href="#">稳岗返还</a> <a href="#">社保补贴</a> <a href="#">失业金申领</a> <a href="#">职称评审</a></div>
    </div>
  </div>
</div>
<div class="nav">
  <ul class="w1200 clearfix">
{nav}
  </ul>
</div>

<div class="w1200 main clearfix">
  <div class="location">
    <span>当前位置：</span><a href="https://rsj.lincheng.gov.cn/" target="_self">首页</a>&nbsp;&gt;&nbsp;<a href="https://rsj.lincheng.gov.cn/zwgk/" target="_self">政务公开</a>&nbsp;&gt;&nbsp;<a href="https://rsj.lincheng.gov.cn/zwgk/tzgg/" target="_self">通知公告</a>&nbsp;&gt;&nbsp;<span>正文</span>
  </div>

  <div class="content-left fl">
    <table class="xxgk-info" cellspacing="0" cellpadding="0" width="100%">
      <tbody>
        <tr><td class="t">索&nbsp;引&nbsp;号：</td><td>11331200MB1X52027L/2026-00041</td><td class="t">主题分类：</td><td>劳动、人事、监察\\就业</td></tr>
        <tr><td class="t">发布机构：</td><td>临澄市人力资源和社会保障局</td><td class="t">成文日期：</td><td>2026-02-26</td></tr>
        <tr><td class="t">文&nbsp;&nbsp;&nbsp;&nbsp;号：</td><td>临人社发〔2026〕9号</td><td class="t">发布日期：</td><td>2026-03-02</td></tr>
        <tr><td class="t">名&nbsp;&nbsp;&nbsp;&nbsp;称：</td><td colspan="3">{TITLE}</td></tr>
      </tbody>
    </table>

    <div class="article">
      <h1 class="article-title">{TITLE.replace(" 临澄市财政局", "<br>临澄市财政局")}</h1>
      <div class="info-bar">
        <span>来源：临澄市人力资源和社会保障局</span>
        <span>发布时间：2026-03-02 10:15</span>
        <span>浏览次数：<em id="hits">3127</em></span>
        <span class="font-size">字号：<a href="javascript:doZoom(18)">大</a>&nbsp;<a href="javascript:doZoom(16)">中</a>&nbsp;<a href="javascript:doZoom(14)">小</a></span>
        <span><a href="javascript:window.print();">打印</a></span>
        <span><a href="javascript:window.close();">关闭</a></span>
      </div>
      <div class="article-con TRS_Editor" id="zoom">
<div class="view TRS_UEDITOR trs_paper_default trs_web">
{body_html()}
</div>
      </div>
      <div class="attach">
        <p>附件下载：</p>
        <p><a href="./P020260302418825603117.docx">临人社发〔2026〕9号附件.docx</a></p>
      </div>
      <div class="share clearfix">
        <span class="fl">分享到：</span>
        <a class="bds_weixin" href="javascript:void(0);" title="分享到微信">微信</a>
        <a class="bds_tsina" href="javascript:void(0);" title="分享到新浪微博">微博</a>
        <a class="bds_qzone" href="javascript:void(0);" title="分享到QQ空间">QQ空间</a>
        <div class="qrcode fr"><img src="./t20260302_4917325_files/qrcode.png" alt=""><p>扫一扫在手机打开当前页</p></div>
      </div>
      <div class="prev-next">
        <p>上一篇：<a href="./t20260227_4915508.html">临澄市人力资源和社会保障局关于2026年度专业技术人员继续教育公需科目学习安排的通知</a></p>
        <p>下一篇：<a href="./t20260304_4918112.html">关于举办2026年临澄市“春暖临澄·就在身边”系列招聘会的公告</a></p>
      </div>
    </div>
  </div>

  <div class="sidebar fr">
    <div class="box">
      <h3>相关文件</h3>
      <ul class="list">
{rel}
      </ul>
    </div>
    <div class="box">
      <h3>热点推荐</h3>
      <ul class="list hot">
{hot}
      </ul>
    </div>
    <div class="box service">
      <a href="https://zwfw.lincheng.gov.cn/rsj/" target="_blank"><img src="./t20260302_4917325_files/wsbs.png" alt="网上办事大厅"></a>
      <a href="https://rsj.lincheng.gov.cn/hdjl/zxts/" target="_blank"><img src="./t20260302_4917325_files/zxts.png" alt="咨询投诉"></a>
    </div>
  </div>
</div>

<div class="footer">
  <div class="w1200">
    <div class="f-links">
      <a href="https://rsj.lincheng.gov.cn/lxwm/">联系我们</a>|<a href="https://rsj.lincheng.gov.cn/wzdt/">网站地图</a>|<a href="https://rsj.lincheng.gov.cn/smsm/">隐私声明</a>|<a href="https://rsj.lincheng.gov.cn/jczs/">纠错</a>
    </div>
    <div class="f-info">
      <p>主办单位：临澄市人力资源和社会保障局&nbsp;&nbsp;&nbsp;承办单位：临澄市人力资源和社会保障信息中心</p>
      <p>地址：临澄市望川区文昌路118号市民中心B座&nbsp;&nbsp;&nbsp;邮编：325701&nbsp;&nbsp;&nbsp;联系电话：86327000</p>
      <p>网站标识码：3312000037&nbsp;&nbsp;&nbsp;<a href="https://beian.miit.gov.cn/" target="_blank">浙ICP备13047725号-2</a>&nbsp;&nbsp;&nbsp;<img src="./t20260302_4917325_files/ga.png" alt="">公安备案号：33120202001318号</p>
      <p>建议使用1366×768分辨率，IE10以上或Chrome、Firefox浏览器浏览本网站</p>
    </div>
    <div class="f-icons">
      <a href="https://bszs.conac.cn/" target="_blank"><img src="./t20260302_4917325_files/dzjg.png" alt="党政机关"></a>
      <a href="https://zfwzgl.www.gov.cn/" target="_blank"><img src="./t20260302_4917325_files/jiucuo.png" alt="政府网站找错"></a>
    </div>
  </div>
</div>
<script type="text/javascript">
  function doZoom(size) {{ document.getElementById("zoom").style.fontSize = size + "px"; }}
  $(function(){{ $(".nav li").hover(function(){{ $(this).addClass("hover"); }}, function(){{ $(this).removeClass("hover"); }}); }});
</script>
</body></html>
"""


if __name__ == "__main__":
    OUT.write_text(page(), encoding="utf-8")
    print("wrote", OUT)
