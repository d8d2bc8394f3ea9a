# -*- coding: utf-8 -*-
"""Build document.html: a saved page of a fictional district government website
carrying 《碧泉区2026年优化营商环境工作要点》."""
import re
from pathlib import Path

OUT = Path(__file__).with_name("document.html")

TITLE = "衡川市碧泉区人民政府办公室关于印发《碧泉区2026年优化营商环境工作要点》的通知"

# (kind, text): kind in {"c": centred line, "p": indented paragraph, "r": right-aligned, "n": no indent, "h": heading}
NOTICE = [
    ("c", "碧政办发〔2026〕9号"),
    ("n", "各镇人民政府、街道办事处，碧泉经济开发区管委会，区政府各部门、各直属单位："),
    ("p", "《碧泉区2026年优化营商环境工作要点》已经2026年2月24日区政府第41次常务会议审议通过，现印发给你们，请结合实际认真抓好贯彻落实。"),
    ("p", "各牵头单位要对照工作要点细化分解任务，于3月20日前将本单位具体落实举措报送区优化营商环境工作领导小组办公室（设在区发展和改革局，以下简称区营商办）；每季度末月25日前报送当季工作进展情况，全年工作总结于12月10日前报送。执行中遇到的重大问题，请及时向区营商办反映。"),
    ("p", "联系人：区营商办 邱文涛；联系电话：0739-6812257；电子邮箱：bqyshb@hcbq.gov.cn。"),
    ("r", "衡川市碧泉区人民政府办公室"),
    ("r", "2026年2月27日"),
    ("p", "（此件公开发布）"),
]

BODY = [
    ("c", "碧泉区2026年优化营商环境工作要点"),
    ("p", "2026年是“十五五”规划开局之年，也是我区实施营商环境“领跑行动”的攻坚之年。为深入贯彻党中央、国务院关于优化营商环境的决策部署，全面落实省、市营商环境优化提升工作要求，持续打造市场化、法治化、国际化一流营商环境，结合我区实际，制定本工作要点。"),
    ("p", "总体目标：2026年，全区营商环境综合水平稳居全市第一方阵，力争在全市年度营商环境评价中进入前3名；全年新增经营主体1.2万户以上，其中新增企业4500户以上；政务服务事项“全程网办”率达到92%以上，企业和群众办事满意度保持在99%以上；涉企行政检查总量同比下降20%以上；全年为经营主体减负降本不低于3.5亿元。"),

    ("h", "一、聚焦“高效办成一件事”，打造便捷高效的政务服务环境"),
    ("p", "（一）深化“一件事”集成改革。第一，在落实国家、省、市已部署“一件事”的基础上，年内新增推出“开办餐饮店”“二手房转移登记及水电气联动过户”“企业迁移”等区级特色“一件事”12个，全区累计推出“一件事”不少于38个，平均减少办事环节60%以上、减少申请材料50%以上。第二，6月底前，在区政务服务中心设置“高效办成一件事”综合窗口不少于8个，实行“前台综合受理、后台分类审批、统一窗口出件”。第三，9月底前，推动“一件事”线上专区与省一体化政务服务平台深度对接，实现“一次告知、一表申请、一套材料、一窗（端）受理、一网办理”。（区政务服务管理局牵头，区发展和改革局、区市场监督管理局、区自然资源局等有关部门按职责分工负责）"),
    ("p", "（二）推进政务服务标准化规范化便利化。一是全面落实政务服务事项基本目录，4月底前完成区、镇（街道）、村（社区）三级事项实施清单动态调整，同一事项在全区范围内实现无差别受理、同标准办理。二是推行“周末不打烊”“午间不断档”服务，区政务服务中心每周六上午9:00至12:00开放综合窗口，全年提供延时、预约服务不少于1500件次。三是深化“帮办代办”，在全区12个镇（街道）便民服务中心全部设立帮办代办窗口，重点项目帮办代办覆盖率达到100%。四是全面推行“办不成事”反映窗口，对反映的问题实行“接诉即办”，一般问题2个工作日内答复，复杂问题5个工作日内答复。（区政务服务管理局牵头，各镇人民政府、街道办事处配合）"),
    ("p", "（三）持续优化企业全生命周期服务。第一，企业开办全流程压缩至0.5个工作日以内，新开办企业免费刻制首套印章（含公章、财务专用章、发票专用章、法定代表人名章，共4枚），免费邮寄营业执照和印章，全年预计为新开办企业节约成本约180万元。第二，推行经营主体住所（经营场所）标准化登记，3月底前发布区级住所标准化数据库。第三，深化企业注销便利化改革，对未开业或无债权债务的企业适用简易注销程序，公告期由45日压缩为20日，推行税务注销“即时办结”。第四，推进企业信息变更“一网通办”，年内实现营业执照、税务、社保、公积金、银行账户等信息变更“一次申请、同步办理”。（区市场监督管理局牵头，区税务局、区人力资源和社会保障局、衡川市住房公积金管理中心碧泉管理部配合）"),
    ("p", "（四）提升工程建设项目审批质效。一是社会投资低风险工业项目从立项到不动产登记全流程审批时间控制在15个工作日以内，一般社会投资项目控制在45个工作日以内，政府投资项目控制在70个工作日以内。二是深化“拿地即开工”改革，对具备条件的工业项目实行“带方案出让”，全年推动实现“拿地即开工”项目不少于15个。三是推行联合验收“一口受理”，联合验收时限压缩至5个工作日，推行竣工验收与不动产首次登记“验登合一”。四是7月底前建成区级工程建设项目中介服务网上超市，入驻中介机构不少于120家，中介服务平均收费较上年下降10%以上。（区住房和城乡建设局牵头，区自然资源局、区发展和改革局、区政务服务管理局配合）"),
    ("p", "（五）全面推广惠企政策“免申即享”。依托区惠企政策兑现平台，6月底前梳理公布“免申即享”政策事项清单，全年“免申即享”事项不少于30项，惠企资金“免申即享”兑现比例达到50%以上；对确需企业申报的政策，推行“即申即享”，兑现时限原则上不超过15个工作日。编印惠企政策“一本通”，每季度更新一次。（区财政局、区发展和改革局牵头，区工业和信息化局、区科学技术局、区商务局等配合）"),

    ("h", "二、聚焦公平公正，营造规范透明的市场环境"),
    ("p", "（六）规范涉企行政检查。第一，全面推行涉企行政检查“扫码入企”，5月底前实现全区行政执法部门全覆盖，未经扫码登记的检查原则上不得开展。第二，统筹制定年度涉企检查计划，推行“综合查一次”，全年形成跨部门联合检查场景不少于20个；同一部门对同一企业的现场检查原则上每年不超过2次，投诉举报、转办交办、上级部署的专项检查以及涉及安全生产等风险较高领域的检查除外。第三，对信用等级为A级的企业和“无事不扰”白名单内企业，除投诉举报和重大风险线索外，原则上不主动开展现场检查，白名单企业数量年内扩大至300家。（区司法局牵头，区市场监督管理局及各行政执法部门配合）"),
    ("p", "（七）推行包容审慎监管。一是动态调整轻微违法行为不予行政处罚清单和从轻减轻处罚清单，年内将“首违不罚”事项扩展至160项，覆盖市场监管、生态环境、交通运输、城市管理等12个执法领域。二是推行“柔性执法”，对初次轻微违法行为依法采取提醒告诫、约谈指导等方式处理，年内制发行政合规指导清单不少于10份。三是规范行政裁量权基准，9月底前完成区级行政裁量权基准动态更新。（区司法局牵头，区级各行政执法部门配合）"),
    ("p", "（八）完善信用修复和信用服务。第一，推行信用修复“一口受理、协同修复”，对符合条件的行政处罚信息信用修复申请，在3个工作日内办结。第二，全面推行以专用信用报告替代有无违法违规记录证明，适用领域由现有的28个扩大到40个以上，经营主体可通过“信用衡川”平台免费下载。第三，深化信用承诺制，全年在审批、监管等环节推行信用承诺事项不少于200项。（区发展和改革局牵头，区市场监督管理局、区政务服务管理局配合）"),
    ("p", "（九）维护公平竞争秩序。一是落实全国统一大市场建设要求，上半年完成区级现行政策措施妨碍统一市场和公平竞争情况专项清理，新出台涉及经营主体经济活动的政策措施100%开展公平竞争审查。二是规范招标投标活动，全面推行工程建设项目“不见面开标”，政府投资项目投标保证金可使用银行保函、保证保险等方式缴纳，鼓励招标人对中小企业免收投标保证金。三是政府采购工程项目面向中小企业预留份额提高至40%以上，货物和服务项目预留份额提高至45%以上，其中预留给小微企业的比例不低于70%；政府采购合同款项在验收合格后10个工作日内支付。（区财政局、区发展和改革局、区市场监督管理局按职责分工负责）"),
    ("p", "（十）防范化解拖欠企业账款。建立拖欠企业账款问题台账，实行“清单化管理、销号式推进”。对无分歧欠款做到应付尽付、应付快付，对有分歧欠款通过协商、调解、仲裁等方式加快解决，不得以审计结果作为结算依据拖延支付。机关、事业单位向中小企业采购货物、工程、服务的，应当自交付之日起30日内支付款项；合同另有约定的，付款期限最长不得超过60日。对新增拖欠问题，区营商办实行“发现一起、督办一起、通报一起”。（区工业和信息化局、区财政局牵头，区审计局、区国有资产服务中心配合）"),

    ("h", "三、聚焦降本增效，强化要素资源保障"),
    ("p", "（十一）加大金融支持力度。第一，区财政安排5000万元设立中小微企业信贷风险补偿资金池，合作银行按不低于资金池规模10倍的额度发放贷款，对合作贷款发生的本金损失，由资金池承担50%，单户补偿最高不超过200万元。第二，区级企业应急转贷资金规模扩大至2亿元，转贷资金使用费率按日0.01%收取，单笔使用期限原则上不超过10天。第三，持续开展“金融顾问进园区”活动，全年组织银企对接会不少于12场，新增普惠小微企业贷款30亿元以上，新增首贷户400户以上。第四，对年内首次在全国中小企业股份转让系统挂牌的企业给予一次性奖励100万元，对在境内外证券交易所首发上市的企业分阶段给予最高500万元奖励。（区金融服务中心、区财政局牵头，区工业和信息化局配合）"),
    ("p", "（十二）强化用地保障。一是深化工业用地“标准地”出让改革，新出让工业用地中“标准地”出让比例不低于60%。二是推行工业用地长期租赁、先租后让、弹性年期出让等供地方式，弹性年期出让年限一般为20年。三是开展低效工业用地再开发，年内盘活批而未供和闲置土地1200亩以上。四是推进“工业上楼”，年内新建标准厂房40万平方米；新引进的制造业企业租用区属标准厂房的，前2年租金全额减免，第3年减半收取。（区自然资源局牵头，碧泉经济开发区管委会、区工业和信息化局配合）"),
    ("p", "（十三）优化水电气网接入服务。第一，对低压接入容量在160千瓦及以下的小微企业实行“三零”服务（零上门、零审批、零投资），低压小微企业办电全过程时间不超过5个工作日，高压单电源用户不超过22个工作日。第二，用水、用气报装实行“零材料”申报，无外线工程的用水报装3个工作日内通水，用气报装4个工作日内通气。第三，水电气网联合报装与工程建设项目审批同步推进，实现“一表申请、一窗受理、联合踏勘”。第四，年内新建5G基站260个，实现重点园区千兆光网全覆盖。（区发展和改革局牵头，国网碧泉供电公司、碧泉水务集团、区城投燃气有限公司、区工业和信息化局配合）"),
    ("p", "（十四）加强人才和用工保障。一是实施“碧泉英才”计划，全年引进各类高层次人才和紧缺急需人才1500名以上，对新引进的全日制博士、硕士研究生分别给予每月3000元、1500元生活补贴，最长发放36个月。二是年内新筹集人才公寓800套，符合条件的人才可按市场租金的50%承租，承租期限最长不超过3年。三是建立重点企业用工服务专员制度，全年举办线上线下招聘活动不少于60场。四是深入实施职业技能提升行动，全年开展补贴性职业技能培训9000人次。（区委人才工作领导小组办公室、区人力资源和社会保障局牵头，区住房和城乡建设局、区教育局配合）"),

    ("h", "四、聚焦暖心服务，构建亲清政商关系"),
    ("p", "（十五）健全企业诉求闭环解决机制。第一，依托12345政务服务便民热线设立营商环境专席，企业诉求实行“2小时内首次响应、一般诉求5个工作日内办结、复杂诉求15个工作日内办结”。第二，建立企业诉求“吹哨报到”机制，对涉及多个部门、1个月内未能解决的诉求，由区营商办提请区级领导协调督办。第三，全年企业诉求办结率达到98%以上，满意率达到95%以上。（区政务服务管理局牵头，区营商办及各有关部门配合）"),
    ("p", "（十六）落实企业服务专员制度。为全区规模以上工业企业、限额以上商贸企业和在建亿元以上重点项目全部配备企业服务专员，专员原则上由区级部门副科级以上干部担任，每季度至少走访服务企业1次，对企业反映的问题实行“收集—交办—办理—反馈—回访”闭环管理。区级领导每人联系重点企业不少于5家，每半年至少召开1次联系企业座谈会。（区工业和信息化局、区商务局牵头，区发展和改革局配合）"),
    ("p", "（十七）依法保护经营主体合法权益。一是开展涉企“挂案”清理，对立案超过2年仍未侦结的涉企刑事案件逐案评估，年内清理完毕。二是推进涉企行政复议案件快速办理，适用简易程序的案件在30日内审结。三是加强知识产权保护，年内建成区知识产权保护工作站3个，对企业知识产权侵权纠纷实行快速调处，调处时限不超过15个工作日。四是严禁违规异地执法和趋利性执法，确需查封、扣押、冻结涉企财产的，依法严格控制范围和时限，最大限度减少对企业正常生产经营的影响。（区委政法委、区公安分局、区司法局、区市场监督管理局按职责分工负责）"),
    ("p", "（十八）畅通政企沟通渠道。一是常态化举办“碧企会客厅”政企恳谈活动，原则上每月举办1期，由区长或分管副区长主持，全年不少于12期。二是涉企政策制定过程中充分听取企业意见，公开征求意见时间一般不少于30日；政策出台时同步发布解读材料，对涉及企业重大利益调整的，设置不少于3个月的过渡期。三是开展“营商环境最佳实践案例”评选，全年评选案例不少于10个，并在区政府门户网站集中宣传推广。（区营商办牵头，区司法局、区融媒体中心配合）"),

    ("h", "五、保障措施"),
    ("p", "（一）加强组织领导。区优化营商环境工作领导小组（组长由区长担任）统筹推进全区优化营商环境工作，原则上每季度召开1次工作推进会，研究解决重大问题。各牵头单位主要负责同志为第一责任人，要建立任务台账，明确时间表、路线图和责任人，确保各项任务按期完成。"),
    ("p", "（二）强化督查考核。将优化营商环境工作纳入全区高质量发展综合考核，分值占比由6%提高至8%。区营商办会同区政府督查室每季度开展一次专项督查，督查结果在全区通报。对工作推进不力、企业反映问题集中的单位，由区营商办约谈其主要负责同志；对破坏营商环境造成严重不良影响的，移交纪检监察机关依规依纪依法处理。"),
    ("p", "（三）发挥社会监督作用。从人大代表、政协委员、企业家代表、新闻媒体从业人员中选聘营商环境监督员50名，聘期2年，定期开展明察暗访，发现的问题纳入督办台账，实行限期整改、对账销号。"),
    ("p", "（四）加强宣传引导。各牵头单位要及时总结改革创新经验，每半年至少报送1篇工作信息；区融媒体中心要开设“营商环境面对面”专栏，全年刊播报道不少于40篇，营造全社会共同关心、支持、参与优化营商环境的浓厚氛围。"),
    ("n", "附件：碧泉区2026年优化营商环境重点指标任务分解表"),
]

ANNEX_TITLE = "附件"
ANNEX_CAPTION = "碧泉区2026年优化营商环境重点指标任务分解表"
ANNEX_HEAD = ["序号", "指标名称", "2025年基数", "2026年目标值", "完成时限", "责任单位"]
ANNEX_ROWS = [
    ["1", "新增经营主体（户）", "10860", "12000以上", "12月底", "区市场监督管理局"],
    ["2", "其中：新增企业（户）", "4120", "4500以上", "12月底", "区市场监督管理局"],
    ["3", "政务服务事项“全程网办”率", "88.5%", "92%以上", "12月底", "区政务服务管理局"],
    ["4", "企业开办时间（工作日）", "1", "0.5以内", "3月底", "区市场监督管理局"],
    ["5", "“一件事”累计推出数量（个）", "26", "38以上", "11月底", "区政务服务管理局"],
    ["6", "“免申即享”事项数量（项）", "18", "30以上", "10月底", "区财政局"],
    ["7", "涉企行政检查总量同比降幅", "—", "20%以上", "12月底", "区司法局"],
    ["8", "“首违不罚”事项数量（项）", "126", "160", "8月底", "区司法局"],
    ["9", "专用信用报告替代证明适用领域（个）", "28", "40以上", "9月底", "区发展和改革局"],
    ["10", "新增普惠小微企业贷款（亿元）", "26.3", "30以上", "12月底", "区金融服务中心"],
    ["11", "新出让工业用地“标准地”比例", "52%", "60%以上", "12月底", "区自然资源局"],
    ["12", "盘活批而未供和闲置土地（亩）", "980", "1200以上", "11月底", "区自然资源局"],
    ["13", "新建5G基站（个）", "215", "260", "10月底", "区工业和信息化局"],
    ["14", "企业诉求办结率", "96.2%", "98%以上", "12月底", "区政务服务管理局"],
    ["15", "为经营主体减负降本总额（亿元）", "3.1", "3.5以上", "12月底", "区财政局"],
]


def para(kind, text):
    if kind == "c":
        return f'<p style="text-align:center;">{text}</p>'
    if kind == "h":
        return f'<p style="text-indent:2em;"><strong>{text}</strong></p>'
    if kind == "r":
        return f'<p style="text-align:right;">{text}&nbsp;&nbsp;&nbsp;&nbsp;</p>'
    if kind == "n":
        return f"<p>{text}</p>"
    # indented body paragraph: the CMS puts literal &nbsp; indents in some paragraphs and CSS in others
    return f"<p>&nbsp;&nbsp;&nbsp;&nbsp;{text}</p>"


def table_html():
    rows = ["<tr>" + "".join(f'<td style="border:1px solid #000;text-align:center;"><strong>{h}</strong></td>' for h in ANNEX_HEAD) + "</tr>"]
    for r in ANNEX_ROWS:
        rows.append("<tr>" + "".join(f'<td style="border:1px solid #000;">{c}</td>' for c in r) + "</tr>")
    return ('<table border="1" cellspacing="0" cellpadding="4" width="100%" style="border-collapse:collapse;font-size:14px;">\n'
            + "\n".join(rows) + "\n</table>")


article = []
article.append('<p style="text-align:center;"><span style="font-size:22px;">衡川市碧泉区人民政府办公室</span></p>')
article.append('<p style="text-align:center;">关于印发《碧泉区2026年优化营商环境工作要点》的通知</p>')
article.extend(para(k, t) for k, t in NOTICE)
article.append("<p>&nbsp;</p>")
article.extend(para(k, t) for k, t in BODY)
article.append("<p>&nbsp;</p>")
article.append(f"<p>{ANNEX_TITLE}</p>")
article.append(f'<p style="text-align:center;"><strong>{ANNEX_CAPTION}</strong></p>')
article.append(table_html())
article.append('<p style="text-align:right;font-size:12px;color:#999;">（责任编辑：唐晓岚）</p>')
ARTICLE = "\n".join(article)

NAV = ["首页", "走进碧泉", "政务公开", "政务服务", "互动交流", "营商环境", "专题专栏", "数据开放"]
RELATED = [
    "碧泉区人民政府办公室关于印发《碧泉区2026年政务公开工作要点》的通知",
    "《碧泉区2026年优化营商环境工作要点》政策解读",
    "碧泉区人民政府办公室关于印发《碧泉区惠企政策“免申即享”实施办法（试行）》的通知",
    "碧泉区人民政府关于进一步支持中小微企业高质量发展的若干措施",
    "碧泉区2025年优化营商环境工作情况的报告",
    "碧泉区人民政府办公室关于调整区优化营商环境工作领导小组成员的通知",
    "碧泉区涉企行政检查“扫码入企”工作实施细则",
]

HTML = f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta http-equiv="X-UA-Compatible" content="IE=edge">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<meta name="SiteName" content="衡川市碧泉区人民政府">
<meta name="SiteDomain" content="www.hcbq.gov.cn">
<meta name="SiteIDCode" content="4307020011">
<meta name="ColumnName" content="政策文件">
<meta name="ColumnType" content="区政府办文件">
<meta name="ArticleTitle" content="{TITLE}">
<meta name="PubDate" content="2026-03-04 10:26">
<meta name="ContentSource" content="碧泉区人民政府办公室">
<meta name="Keywords" content="优化营商环境,工作要点,2026">
<title>{TITLE}_区政府办文件_衡川市碧泉区人民政府</title>
<link rel="stylesheet" href="/static/css/common.css?v=20251118">
<link rel="stylesheet" href="/static/css/article.css?v=20251118">
<style>
  body{{margin:0;font-family:"Microsoft YaHei",SimSun,sans-serif;background:#f3f5f8;}}
  .topbar{{height:32px;line-height:32px;background:#eef2f7;font-size:12px;color:#555;}}
  .w1200{{width:1200px;margin:0 auto;}}
  .nav ul{{list-style:none;margin:0;padding:0;background:#b71c1c;}}
  .nav li{{display:inline-block;padding:0 26px;line-height:48px;}}
  .nav li a{{color:#fff;text-decoration:none;font-size:17px;}}
  .crumb{{font-size:13px;color:#666;padding:12px 0;}}
  .main{{display:flex;gap:20px;}}
  .article{{flex:1;background:#fff;padding:30px 40px;}}
  .article h1{{font-size:24px;text-align:center;line-height:1.6;color:#b71c1c;}}
  .infobar{{font-size:13px;color:#888;text-align:center;border-bottom:1px dashed #ccc;padding-bottom:10px;}}
  .xxgk-table td{{font-size:13px;padding:4px 8px;border:1px solid #e3e3e3;}}
  .article-content p{{font-size:16px;line-height:2;margin:0 0 8px;}}
  .sidebar{{width:300px;background:#fff;padding:16px;}}
  .sidebar li{{font-size:14px;line-height:1.8;margin-bottom:8px;}}
  .footer{{background:#2b2b2b;color:#ccc;font-size:13px;text-align:center;padding:20px 0;margin-top:30px;}}
</style>
<script src="/static/js/jquery-1.12.4.min.js"></script>
<script src="/static/js/common.js?v=20251118"></script>
<script type="text/javascript">
  var _hmt = _hmt || [];
  (function() {{
    var hm = document.createElement("script");
    hm.src = "https://stat.hcbq.gov.cn/hm.js?9f3a27c1b0e4d5";
    var s = document.getElementsByTagName("script")[0];
    s.parentNode.insertBefore(hm, s);
  }})();
  function doZoom(size){{
    var el = document.getElementById('zoom');
    if(!el) return;
    var ps = el.getElementsByTagName('p');
    for(var i=0;i<ps.length;i++){{ ps[i].style.fontSize = size + 'px'; }}
  }}
</script>
</head>
<body>
<div class="topbar">
  <div class="w1200">
    <span class="fl">今天是：2026年3月10日 星期二</span>
    <span class="fl" id="weather">&nbsp;&nbsp;碧泉 多云 9℃~17℃</span>
    <span class="fr"><a href="/wza/">无障碍</a> | <a href="/lhb/">长者模式</a> | <a href="javascript:;" onclick="StranBody()">繁體</a> | <a href="/m/">手机版</a> | <a href="/wx/">微信</a> | <a href="/wb/">微博</a></span>
  </div>
</div>
<div class="header w1200">
  <div class="logo"><a href="/"><img src="/static/images/logo.png" alt="衡川市碧泉区人民政府"></a></div>
  <div class="search">
    <form action="/search/" method="get" target="_blank">
      <input type="text" name="q" placeholder="请输入关键词">
      <button type="submit">搜索</button>
    </form>
    <p class="hotwords">热词：<a href="#">营商环境</a> <a href="#">免申即享</a> <a href="#">人才公寓</a> <a href="#">一件事</a></p>
  </div>
</div>
<div class="nav">
  <div class="w1200">
    <ul>
{''.join(f'      <li><a href="/{i}/">{n}</a></li>' + chr(10) for i, n in enumerate(NAV))}    </ul>
  </div>
</div>
<div class="w1200">
  <div class="crumb">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a> &gt; <a href="/zwgk/zcwj/">政策文件</a> &gt; <a href="/zwgk/zcwj/qzfbwj/">区政府办文件</a> &gt; 正文</div>
  <div class="main">
    <div class="article">
      <table class="xxgk-table" width="100%" cellspacing="0">
        <tr><td>索&nbsp;引&nbsp;号：</td><td>430702-0001-2026-00017</td><td>主题分类：</td><td>综合政务\\经济管理</td></tr>
        <tr><td>发布机构：</td><td>碧泉区人民政府办公室</td><td>成文日期：</td><td>2026-02-27</td></tr>
        <tr><td>文&nbsp;&nbsp;&nbsp;&nbsp;号：</td><td>碧政办发〔2026〕9号</td><td>发布日期：</td><td>2026-03-04</td></tr>
        <tr><td>名&nbsp;&nbsp;&nbsp;&nbsp;称：</td><td colspan="3">{TITLE}</td></tr>
        <tr><td>有&nbsp;效&nbsp;性：</td><td>有效</td><td>公开方式：</td><td>主动公开</td></tr>
      </table>
      <h1>{TITLE}</h1>
      <div class="infobar">
        文章来源：碧泉区人民政府办公室&nbsp;&nbsp;&nbsp;&nbsp;发布时间：2026-03-04 10:26&nbsp;&nbsp;&nbsp;&nbsp;浏览次数：<span id="hits">1386</span>&nbsp;&nbsp;&nbsp;&nbsp;
        字号：<a href="javascript:doZoom(20)">大</a> <a href="javascript:doZoom(16)">中</a> <a href="javascript:doZoom(14)">小</a>&nbsp;&nbsp;&nbsp;&nbsp;
        <a href="javascript:window.print()">打印本页</a>&nbsp;&nbsp;<a href="javascript:window.close()">关闭窗口</a>
      </div>
      <div class="article-content" id="zoom">
{ARTICLE}
      </div>
      <div class="attach">
        <p>附件下载：<a href="/attach/2026/03/04/bqyshj2026gzyd.pdf">碧泉区2026年优化营商环境工作要点（PDF版）.pdf</a></p>
      </div>
      <div class="share">分享到：<a href="#">微信</a> <a href="#">微博</a> <a href="#">QQ空间</a>&nbsp;&nbsp;&nbsp;&nbsp;<span class="qrcode">扫一扫在手机打开当前页</span></div>
      <div class="prevnext">
        <p>上一篇：<a href="/zwgk/zcwj/qzfbwj/202603/t20260302_118642.html">碧泉区人民政府办公室关于做好2026年春季森林防火工作的通知</a></p>
        <p>下一篇：<a href="/zwgk/zcwj/qzfbwj/202603/t20260306_118790.html">碧泉区人民政府办公室关于印发《碧泉区2026年政务公开工作要点》的通知</a></p>
      </div>
    </div>
    <div class="sidebar">
      <h3>相关文件</h3>
      <ul>
{''.join(f'        <li><a href="/zwgk/zcwj/{i}.html" target="_blank">{t}</a></li>' + chr(10) for i, t in enumerate(RELATED, 118500))}      </ul>
      <h3>政策解读</h3>
      <ul>
        <li><a href="/zwgk/zcjd/118655.html">图解：一图读懂碧泉区2026年优化营商环境工作要点</a></li>
        <li><a href="/zwgk/zcjd/118401.html">区发展和改革局负责人解读区营商环境“领跑行动”</a></li>
      </ul>
    </div>
  </div>
</div>
<div class="footer">
  <p><a href="/wzdt/">网站地图</a> | <a href="/lxwm/">联系我们</a> | <a href="/sysm/">使用说明</a> | <a href="/ysbh/">隐私保护</a></p>
  <p>主办：衡川市碧泉区人民政府办公室&nbsp;&nbsp;&nbsp;&nbsp;承办：碧泉区大数据服务中心</p>
  <p>网站标识码：4307020011&nbsp;&nbsp;&nbsp;&nbsp;湘ICP备18006231号-1&nbsp;&nbsp;&nbsp;&nbsp;湘公网安备 43070202000154号</p>
  <p>联系电话：0739-6812003（工作日 8:30-12:00，14:30-17:30）&nbsp;&nbsp;&nbsp;&nbsp;地址：碧泉区滨江大道168号</p>
  <p>建议使用1366×768以上分辨率、IE10以上版本浏览器浏览本网站</p>
  <script src="/static/js/footer_dzjg.js"></script>
</div>
</body>
</html>
"""

OUT.write_text(HTML, encoding="utf-8")

# report body size
from bs4 import BeautifulSoup
soup = BeautifulSoup(HTML, "html.parser")
body_text = soup.find("div", class_="article-content").get_text()
print("CJK chars in article:", len(re.findall(r"[\u4e00-\u9fff]", body_text)))
print("non-space chars in article:", len(re.sub(r"\s", "", body_text)))
