# -*- coding: utf-8 -*-
"""Build document.pdf: a fictional 实施细则 (no chapters) with own line-wrapping layout."""
from reportlab.pdfgen import canvas
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.lib.colors import Color, black
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont

pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
F = "STSong-Light"
RED = Color(0.82, 0.05, 0.05)
W, H = A4
LM, RM, TM, BM = 28 * mm, 26 * mm, 30 * mm, 30 * mm
TW = W - LM - RM
BODY, LEAD = 12.5, 22

NO_START = set("，。、；：？！）》」』”’〕】…,.;:?!)%")

CN = "零一二三四五六七八九"


def cnum(n):
    if n < 10:
        return CN[n]
    if n < 20:
        return "十" + (CN[n - 10] if n > 10 else "")
    t, u = divmod(n, 10)
    return CN[t] + "十" + (CN[u] if u else "")


def wrap(text, size, width, first_indent=0.0):
    """Greedy wrap by measured width; keeps closing punctuation off line starts."""
    lines, cur, avail = [], "", width - first_indent
    for ch in text:
        if pdfmetrics.stringWidth(cur + ch, F, size) <= avail or not cur:
            cur += ch
            continue
        if ch in NO_START:  # hang the punctuation
            cur += ch
            continue
        lines.append(cur)
        cur, avail = ch, width
    if cur:
        lines.append(cur)
    return lines


class Doc:
    def __init__(self, path):
        self.c = canvas.Canvas(path, pagesize=A4)
        self.c.setTitle("青棠市住房和城乡建设局关于印发《青棠市新市民青年人租赁住房补贴实施细则》的通知")
        self.c.setAuthor("青棠市住房和城乡建设局")
        self.page = 1
        self.y = H - TM

    def footer(self):
        c = self.c
        c.setFillColor(black)
        c.setFont(F, 11)
        s = "— %d —" % self.page
        c.drawCentredString(W / 2, 16 * mm, s)

    def newpage(self):
        self.footer()
        self.c.showPage()
        self.page += 1
        self.y = H - TM

    def need(self, h):
        if self.y - h < BM:
            self.newpage()

    def text(self, x, y, s, size, bold=False, color=black):
        c = self.c
        t = c.beginText()
        t.setTextOrigin(x, y)
        t.setFont(F, size)
        c.setFillColor(color)
        c.setStrokeColor(color)
        if bold:
            c.setLineWidth(0.35)
            t.setTextRenderMode(2)
        t.textOut(s)
        c.drawText(t)
        c.setFillColor(black)
        c.setStrokeColor(black)

    def para(self, s, size=BODY, lead=LEAD, indent=2, bold_prefix=None, after=0):
        """Paragraph with first-line indent of `indent` characters."""
        fi = indent * size
        lines = wrap(s, size, TW, fi)
        for i, ln in enumerate(lines):
            self.need(lead)
            x = LM + (fi if i == 0 else 0)
            if i == 0 and bold_prefix and ln.startswith(bold_prefix):
                self.text(x, self.y - size, bold_prefix, size, bold=True)
                x2 = x + pdfmetrics.stringWidth(bold_prefix, F, size)
                self.text(x2, self.y - size, ln[len(bold_prefix):], size)
            else:
                self.text(x, self.y - size, ln, size)
            self.y -= lead
        self.y -= after

    def hanging(self, s, hang_chars, size=BODY, lead=LEAD):
        lines = wrap(s, size, TW)
        for i, ln in enumerate(lines):
            self.need(lead)
            self.text(LM + (hang_chars * size if i else 0), self.y - size, ln, size)
            self.y -= lead

    def centred(self, s, size, lead, bold=False, color=black, maxw=None):
        for ln in wrap(s, size, maxw or TW - 4 * size):
            self.need(lead)
            w = pdfmetrics.stringWidth(ln, F, size)
            self.text((W - w) / 2, self.y - size, ln, size, bold=bold, color=color)
            self.y -= lead

    def right(self, s, size=BODY, lead=LEAD, pad=4):
        self.need(lead)
        w = pdfmetrics.stringWidth(s, F, size)
        self.text(W - RM - pad * size - w + size * 2, self.y - size, s, size)
        self.y -= lead

    def table(self, cols, rows, size=10.5, lead=15, header_bold=True):
        """cols: list of (header, width_fraction). Cells wrapped by own code."""
        c = self.c
        widths = [f * TW for _, f in cols]
        pad = 4

        def cell_lines(txt, w):
            out = []
            for part in txt.split("\n"):
                out.extend(wrap(part, size, w - 2 * pad))
            return out

        def draw_row(cells, bold=False):
            cl = [cell_lines(t, w) for t, w in zip(cells, widths)]
            h = max(len(x) for x in cl) * lead + 2 * pad
            if self.y - h < BM:
                self.newpage()
                draw_row([h_ for h_, _ in cols], bold=True)
            top = self.y
            x = LM
            c.setLineWidth(0.6)
            for lines, w in zip(cl, widths):
                c.rect(x, top - h, w, h, stroke=1, fill=0)
                ty = top - pad - size
                for ln in lines:
                    lw = pdfmetrics.stringWidth(ln, F, size)
                    tx = x + (w - lw) / 2 if len(lines) == 1 else x + pad
                    self.text(tx, ty, ln, size, bold=bold)
                    ty -= lead
                x += w
            self.y = top - h

        draw_row([h_ for h_, _ in cols], bold=header_bold)
        for r in rows:
            draw_row(r)

    def save(self):
        self.footer()
        self.c.save()


# ------------------------------------------------------------------ content
NOTICE_TITLE = "青棠市住房和城乡建设局关于印发《青棠市新市民青年人租赁住房补贴实施细则》的通知"
TITLE = "青棠市新市民青年人租赁住房补贴实施细则"

NOTICE_BODY = [
    "为贯彻落实《青棠市人民政府关于加快发展保障性租赁住房的实施意见》（青政发〔2023〕17号），进一步缓解新市民、青年人阶段性住房困难，吸引各类人才来青留青，经市人民政府同意，我局会同市财政局、市人力资源和社会保障局研究制定了《青棠市新市民青年人租赁住房补贴实施细则》，现印发给你们，请认真贯彻执行。",
    "2024年，市、区两级财政共安排租赁住房补贴资金1.2亿元，预计惠及新市民、青年人约2.6万名。各区要抓紧完善受理窗口设置、人员配备和信息系统对接工作，于2024年4月25日前将本区经办机构负责人及联系方式报市住建局住房保障处备案。执行中遇到的问题，请及时向市住建局反馈。",
    "各区要加强政策宣传解读，依托用人单位、人力资源市场、高校毕业生就业服务平台等渠道广泛开展宣传，确保符合条件的新市民、青年人应知尽知、应享尽享。市住建局将会同市财政局对各区政策落实情况进行跟踪评估，并于2025年12月底前对本细则实施效果开展一次中期评估。",
    "联系人：市住建局住房保障处 周文涛；联系电话：86703152；传真：86703160。",
]

ARTICLES = [
    # 1
    "为加快建立多主体供给、多渠道保障、租购并举的住房制度，支持新市民、青年人在本市安居乐业，根据《青棠市人民政府关于加快发展保障性租赁住房的实施意见》（青政发〔2023〕17号）等有关规定，结合本市实际，制定本细则。",
    # 2
    "本细则适用于本市行政区域内（含东湖区、云岭区、临港区、白沙区和青棠高新技术产业开发区，以下统称各区）新市民、青年人租赁住房补贴的申请、审核、发放和监督管理。\n本细则所称租赁住房补贴（以下简称补贴），是指政府对符合条件的新市民、青年人在本市市场租赁住房给予的货币补助。",
    # 3
    "补贴工作坚持“保基本、广覆盖、可持续”的原则，实行市级统筹、区级实施、部门协同、数据共享。\n市住房和城乡建设局（以下简称市住建局）负责全市补贴政策制定、统筹协调、信息系统建设和监督指导；市财政局负责市级补贴资金的筹集、拨付和监督；市人力资源和社会保障局负责社会保险缴纳、职称和职业资格信息的核查；市公安局、市民政局、市自然资源和规划局、市市场监督管理局、市教育局等部门按照各自职责提供户籍、婚姻、不动产登记、市场主体和学历等信息核查支持。\n各区住房和城乡建设部门（青棠高新技术产业开发区为建设管理局，以下统称区住建部门）负责本区补贴的受理、审核、公示、发放和日常管理；街道办事处（镇人民政府）协助做好政策宣传和入户核查工作。",
    # 4
    "补贴资金由市、区两级财政按照5:5的比例分担，青棠高新技术产业开发区的补贴资金由其财政全额承担。补贴资金纳入年度财政预算，实行专账核算、专款专用。",
    # 5
    "申请补贴的人员应当同时符合下列条件：\n（一）年满18周岁、未满40周岁，其中取得博士研究生学历（学位）或者正高级专业技术职称的，年龄放宽至未满45周岁；\n（二）与本市用人单位签订1年以上劳动（聘用）合同，在本市连续缴纳职工基本养老保险满6个月，且申请时处于正常缴纳状态；\n（三）本人及配偶、未成年子女在本市无自有住房，且申请之日前24个月内在本市无住房转让记录；\n（四）在本市租赁住房，并已通过市住房租赁管理服务平台办理住房租赁合同网签备案，租赁期限不少于6个月。",
    # 6
    "全日制普通高等学校毕业生在毕业后5年内首次来本市就业的，以及取得高级工以上职业资格（职业技能等级）证书的技能人才，不受本细则第五条第（二）项连续缴纳满6个月的限制，在本市缴纳职工基本养老保险满1个月即可申请。",
    # 6-2
    "在本市从事环卫、公交、家政、快递配送等城市基本公共服务的一线职工，在本市连续缴纳职工基本养老保险满3个月的，可以按照E类标准申请补贴，不受本细则第五条第（一）项年龄上限的限制，但申请时应当未满55周岁。",
    # 7
    "补贴对象按照学历、职称和职业资格分为A、B、C、D、E五类，补贴标准按照人员类别和租赁住房所在区域分档确定，具体标准和最长享受期限见附件1。\n同一申请人同时符合两个以上类别的，按照就高原则确定类别，不得重复享受。夫妻双方均符合申请条件且共同承租同一套住房的，只能由一方申请，按照较高一方的类别享受补贴。",
    # 8
    "申请人每月实际享受的补贴金额不得超过网签备案的住房租赁合同约定月租金的70%；按附件1标准计算的金额超过该比例的，按照月租金的70%核定。",
    # 9
    "补贴享受期限自首次发放补贴的月份起计算，按照附件1规定的最长享受期限执行。同一申请人在本市累计享受补贴的期限最长不超过36个月，中途停止后重新申请的，已享受月数累计计算。",
    # 10
    "有下列情形之一的，不予受理补贴申请：\n（一）正在享受本市公共租赁住房实物配租、人才公寓或者其他政策性住房保障待遇的；\n（二）承租父母、子女、配偶父母等直系亲属所有的住房的；\n（三）居住用人单位免费提供的宿舍，或者已领取用人单位全额住房补贴的；\n（四）正在享受本市其他同类政府租房补贴的；\n（五）因提供虚假材料等违规行为被取消补贴资格未满5年的；\n（六）被人民法院依法列为失信被执行人的；\n（七）法律、法规、规章规定的其他情形。",
    # 11
    "补贴实行“工作地申请、属地审核”。申请人通过“青棠住房”政务服务平台或者“青棠通”移动端在线提交申请，也可以到工作单位注册地所在区的政务服务中心住房保障窗口现场申请。\n补贴申请实行常态化受理，每月1日至15日为集中申报期，16日以后提交的申请转入下一个月集中办理。",
    # 12
    "申请人应当提交下列材料：\n（一）《青棠市租赁住房补贴申请表》；\n（二）本人有效身份证件；\n（三）学历（学位）证书、专业技术职称证书或者职业资格（职业技能等级）证书；\n（四）已网签备案的住房租赁合同；\n（五）本人在本市银行开立的一类银行借记卡账户信息。\n社会保险缴纳、不动产登记、婚姻登记、户籍等信息能够通过政务数据共享获取的，不再要求申请人提供纸质证明。申请人应当对所提交材料的真实性负责，并签署诚信承诺书。",
    # 12-2
    "用人单位可以通过“青棠住房”政务服务平台为本单位职工集中代为提交申请。单位一次集中申报人数在10人以上的，区住建部门应当开辟绿色通道，审核时限缩短为10个工作日。用人单位应当对所提供的劳动关系等信息的真实性负责。",
    # 13
    "区住建部门应当自收到申请之日起3个工作日内作出是否受理的决定。申请材料齐全、符合法定形式的，予以受理并出具受理回执；申请材料不齐全的，应当一次性告知申请人需要补正的全部内容。申请人应当自收到补正通知之日起10个工作日内补正材料，逾期未补正的，视为撤回申请。",
    # 14
    "区住建部门应当自受理之日起15个工作日内完成审核。审核中需要有关部门核查信息的，通过市政务数据共享平台发起联合核查，有关部门应当在5个工作日内反馈核查结果，核查时间不计入审核时限。\n经审核符合条件的，确定补贴类别和补贴标准，进入公示程序；不符合条件的，应当书面告知申请人并说明理由。申请人对审核结果有异议的，可以自收到告知之日起7个工作日内申请复核一次。",
    # 15
    "审核通过的申请人名单由区住建部门在区人民政府门户网站和“青棠住房”政务服务平台进行公示，公示期为5个工作日。公示内容包括申请人姓名（部分隐去）、工作单位、补贴类别和补贴标准，不得公开身份证号码、联系电话等个人敏感信息。",
    # 16
    "任何单位和个人对公示对象有异议的，可以在公示期内以书面、实名方式向区住建部门反映。区住建部门应当自收到异议之日起10个工作日内完成核实，并将核实结果书面答复异议人。\n公示期满无异议或者经核实异议不成立的，确认补贴资格；异议成立的，不予确认并书面告知申请人。",
    # 17
    "补贴自资格确认的次月起计发，按月核定、按季发放。区住建部门应当于每季度首月的20日前，将上一季度的补贴资金直接发放至申请人本人银行账户，不得委托用人单位或者出租人代领。\n因申请人银行账户信息错误等原因导致发放失败的，区住建部门应当在5个工作日内通知申请人更正，更正后随下一季度补贴一并补发。",
    # 18
    "补贴实行年度确认制度。享受补贴的人员应当于每年3月1日至3月31日期间，通过“青棠住房”政务服务平台确认本人就业、社会保险缴纳、住房租赁和家庭住房等情况。\n逾期未进行年度确认的，自4月起暂停发放补贴；暂停满3个月仍未确认的，终止其补贴资格。暂停期间补办确认且经核实仍符合条件的，恢复发放并补发暂停期间的补贴。",
    # 19
    "享受补贴期间，租赁住房、工作单位等情况发生变化的，享受补贴的人员应当自变化之日起30日内通过平台申报变更。\n工作单位变动到本市其他区的，由原区住建部门发放至变更当月，新工作单位注册地所在区的住建部门自次月起接续发放，不需要重新申请。",
    # 20
    "享受补贴的人员有下列情形之一的，自情形发生的次月起停止发放补贴：\n（一）享受期限届满的；\n（二）本人或者配偶、未成年子女在本市购买住房，或者通过继承、受赠等方式取得住房的；\n（三）在本市停止缴纳职工基本养老保险满3个月的；\n（四）离开本市就业的；\n（五）获得公共租赁住房实物配租或者入住人才公寓的；\n（六）住房租赁合同到期未续签或者提前解除，且30日内未重新办理网签备案的；\n（七）本人申请终止的。",
    # 21
    # 20-2
    "享受补贴的人员未按照规定申报变更，或者在出现停止发放情形后继续领取补贴的，应当自收到区住建部门通知之日起30日内退还多领取的部分；仍在享受期内的，经本人同意，可以从后续应发补贴中予以扣减。",
    "享受补贴期间在本市首次购买新建商品住房的，可以凭已网签备案的购房合同，申请将剩余未享受期限补贴金额的50%一次性发放，最高不超过2万元。一次性发放后，不再享受租赁住房补贴。",
    # 22
    "住房租赁企业、房地产经纪机构应当如实为承租人办理住房租赁合同网签备案。为申请人出具虚假租赁合同或者协助骗取补贴的，由市住建局依法处理，记入企业信用档案，并暂停其网签备案资格6个月。\n用人单位为申请人出具虚假劳动关系、社会保险等证明材料的，由有关部门依法处理，并记入单位信用记录。",
    # 23
    "区住建部门应当于每年11月30日前，根据上年度发放情况和本年度申请情况编制下一年度补贴资金需求计划，报同级财政部门和市住建局。市财政局应当在每年6月30日前和12月31日前分两次将市级承担的补贴资金拨付至区财政部门。\n任何单位和个人不得截留、挤占、挪用补贴资金。",
    # 24
    "区住建部门应当于每季度结束后10个工作日内，在区人民政府门户网站公开本区补贴发放人数和发放金额，接受社会监督。",
    # 24-2
    "区住建部门及其工作人员对在补贴工作中获取的个人信息应当依法予以保密，不得泄露、出售或者用于补贴工作以外的用途。申请、审核、公示、发放等资料应当建档保存，保存期限不少于5年。",
    # 25
    "市住建局会同市财政局每年对各区补贴工作开展监督检查，按照不低于享受补贴人数5%的比例进行随机抽查，抽查结果纳入对各区住房保障工作年度考核。补贴资金的使用和管理依法接受审计监督。",
    # 26
    "申请人隐瞒有关情况或者提供虚假材料申请补贴的，区住建部门不予受理或者不予确认补贴资格，并给予警告；已经领取补贴的，责令其在30日内全额退还，逾期不退还的，依法申请人民法院强制执行。\n以欺骗等不正当手段取得补贴的，自作出处理决定之日起5年内不得再申请本市各类住房保障；其失信信息推送至市公共信用信息平台；涉嫌犯罪的，依法移送司法机关处理。",
    # 27
    "行政机关及其工作人员在补贴工作中滥用职权、玩忽职守、徇私舞弊的，依纪依法追究责任；涉嫌犯罪的，依法移送司法机关处理。",
    # 28
    "本细则施行前已按照《青棠市人才租房补贴暂行办法》（青住建〔2019〕41号）享受补贴且期限未满的，继续按照原标准享受至期满；期满后符合本细则规定条件的，可以按照本细则申请，已享受月数累计计算。",
    # 29
    "各区可以结合本区实际适当上浮补贴标准，上浮幅度不得超过附件1所列标准的20%，上浮部分所需资金由区级财政承担。各区上浮标准应当报市住建局、市财政局备案后执行。",
    # 30
    "本细则所称新市民，是指因就业、创业等原因在本市居住，且未取得本市户籍或者取得本市户籍未满3年的人员；所称青年人，是指年满18周岁、未满40周岁的人员。\n本细则所称“以上”“以内”包括本数，“未满”“超过”不包括本数。",
    # 31
    "本细则由市住建局负责解释。",
    # 32
    "本细则自2024年5月1日起施行，有效期至2029年4月30日。《青棠市人才租房补贴暂行办法》（青住建〔2019〕41号）同时废止。",
]

ANNEX1_ROWS = [
    ["A类", "博士研究生学历（学位）；\n正高级专业技术职称", "2500", "2000", "36个月"],
    ["B类", "硕士研究生学历（学位）；\n副高级专业技术职称", "1500", "1200", "36个月"],
    ["C类", "全日制本科学历；\n高级技师职业资格", "1000", "800", "24个月"],
    ["D类", "全日制专科（高职）学历；\n技师、高级工职业资格", "600", "500", "24个月"],
    ["E类", "其他符合条件的新市民、青年人（以家庭为单位）", "400", "300", "12个月"],
]
ANNEX1_NOTES = [
    "注：1.一类区域包括东湖区、云岭区；二类区域包括临港区、白沙区和青棠高新技术产业开发区。区域按照网签备案的租赁住房所在地确定。",
    "2.表中A类至D类标准为每人每月，E类标准为每户每月。",
    "3.经认定的本市A类至C类高层次人才（持有《青棠市人才服务卡》的），在表列标准基础上每月增加300元，所需资金由市级财政承担。",
]

ANNEX2_ROWS = [
    ["东湖区", "东湖区政务服务中心\n住房保障窗口", "明德路88号区政务服务中心二楼", "87261530"],
    ["云岭区", "云岭区政务服务中心\n住房保障窗口", "翠屏大道126号市民之家一楼", "85533207"],
    ["临港区", "临港区政务服务中心\n住房保障窗口", "港城路9号区行政服务大楼三楼", "88915046"],
    ["白沙区", "白沙区政务服务中心\n住房保障窗口", "沙湾南路301号区政务服务中心一楼", "83370218"],
    ["青棠高新区", "高新区企业服务中心\n住房保障窗口", "创智路66号创新大厦B座一楼", "86129935"],
    ["市住建局", "住房保障处（政策咨询）", "长宁路17号市住建局大楼6楼", "86703152"],
]


def build(path):
    d = Doc(path)
    # ---------------- page 1: 红头 + 通知
    d.y -= 6 * mm
    d.centred("青棠市住房和城乡建设局文件", 27, 40, bold=True, color=RED, maxw=TW)
    d.y -= 10
    d.centred("青住建规〔2024〕6号", 14, 22)
    d.c.setStrokeColor(RED)
    d.c.setLineWidth(1.8)
    d.c.line(LM, d.y - 2, W - RM, d.y - 2)
    d.c.setStrokeColor(black)
    d.y -= 26
    d.centred(NOTICE_TITLE, 17, 28, bold=True, maxw=TW - 3 * 17)
    d.y -= 10
    d.hanging("各区住房和城乡建设局，青棠高新技术产业开发区建设管理局，市直有关单位：", 0)
    for p in NOTICE_BODY:
        d.para(p)
    d.y -= 6
    d.para("附件：1.青棠市租赁住房补贴标准表", indent=2)
    d.para("2.各区租赁住房补贴受理窗口及咨询电话", indent=5)
    d.y -= 14
    d.right("青棠市住房和城乡建设局")
    d.right("2024年3月18日", pad=5)
    d.para("（此件公开发布）", indent=2)
    d.newpage()

    # ---------------- 细则
    d.y -= 4
    d.centred(TITLE, 18, 30, bold=True)
    d.y -= 10
    for i, art in enumerate(ARTICLES, 1):
        label = "第%s条" % cnum(i)
        parts = art.split("\n")
        d.para(label + "\u3000" + parts[0], bold_prefix=label)
        for p in parts[1:]:
            d.para(p)
    d.y -= 6
    d.newpage()

    # ---------------- 附件1
    d.hanging("附件1", 0, size=14)
    d.y -= 6
    d.centred("青棠市租赁住房补贴标准表", 16, 26, bold=True)
    d.y -= 6
    d.table([("类别", 0.10), ("认定条件", 0.38), ("一类区域\n（元/月）", 0.17),
             ("二类区域\n（元/月）", 0.17), ("最长享受期限", 0.18)], ANNEX1_ROWS)
    d.y -= 10
    d.para(ANNEX1_NOTES[0], size=11, lead=19, indent=0)
    for n in ANNEX1_NOTES[1:]:
        d.para(n, size=11, lead=19, indent=1.5)
    d.y -= 30

    # ---------------- 附件2
    d.need(200)
    d.hanging("附件2", 0, size=14)
    d.y -= 6
    d.centred("各区租赁住房补贴受理窗口及咨询电话", 16, 26, bold=True)
    d.y -= 6
    d.table([("区域", 0.14), ("受理窗口", 0.28), ("地址", 0.38), ("咨询电话", 0.20)], ANNEX2_ROWS)
    d.y -= 8
    d.para("受理时间：工作日上午9:00—12:00，下午13:30—17:00（法定节假日除外）。", size=11, lead=19, indent=0)

    # ---------------- 版记
    d.y -= 40
    d.need(90)
    d.c.setLineWidth(0.8)
    d.c.line(LM, d.y, W - RM, d.y)
    d.y -= 6
    d.hanging("抄送：市人民政府办公室，市财政局，市人力资源和社会保障局，市公安局，市民政局，市自然资源和规划局，市市场监督管理局。", 3, size=11, lead=19)
    d.c.line(LM, d.y + 2, W - RM, d.y + 2)
    d.y -= 4
    d.need(20)
    d.text(LM + 11, d.y - 11, "青棠市住房和城乡建设局办公室", 11)
    s = "2024年3月20日印发"
    d.text(W - RM - 11 - pdfmetrics.stringWidth(s, F, 11), d.y - 11, s, 11)
    d.y -= 19
    d.c.line(LM, d.y + 2, W - RM, d.y + 2)
    d.save()
    return d.page


if __name__ == "__main__":
    import os
    out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "document.pdf")
    print("pages", build(out))
